using MemControl.Models.Runtime;

namespace MemControl.Tests.Models.Runtime;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", false, -1)]
    [InlineData("CUDA", true, 0)]
    [InlineData("cuda:3", true, 3)]
    public void Parse_reads_the_device_names_users_write(string text, bool isCuda, int index)
    {
        var device = ComputeDevice.Parse(text);

        Assert.Equal(isCuda, device.IsCuda);
        Assert.Equal(index, device.Index);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    public void Parse_refuses_an_unknown_device_naming_the_devices_it_knows(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(text));

        Assert.Equal($"'{text}' is not a device; use cpu, cuda or cuda:N.", error.Message);
    }

    [Fact]
    public void Preparing_cuda_without_a_libtorch_folder_says_what_to_pass()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LibTorchRuntime.LibTorchFolderVariable)))
        {
            Assert.Skip($"{LibTorchRuntime.LibTorchFolderVariable} is set on this machine");
        }

        var error = Assert.Throws<ArgumentException>(() => LibTorchRuntime.Prepare(ComputeDevice.Parse("cuda"), libTorchFolder: null));

        Assert.Contains(LibTorchRuntime.LibTorchFolderVariable, error.Message);
    }
}
