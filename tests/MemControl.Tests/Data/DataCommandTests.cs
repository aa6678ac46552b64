using MemControl.Cli;
using MemControl.Data.Manifests;
using MemControl.Tests.Data.Support;
using Spectre.Console.Testing;

namespace MemControl.Tests.Data;

public sealed class DataCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Phantoms_writes_images_and_a_manifest_with_labels()
    {
        // Given
        var console = new TestConsole().Width(200);

        // When
        var exitCode = MemControlApp.Run(["data", "phantoms", "--count", "12", "--subjects", "4", "--size", "32", "--seed", "5", "--out", folder.Path], console);

        // Then
        Assert.Equal(0, exitCode);
        var result = ManifestReader.Read(folder.File("manifest.csv"));
        Assert.Empty(result.Problems);
        Assert.Equal(12, result.Items.Count);
        Assert.Equal(4, result.Items.Select(i => i.Subject).Distinct().Count());
        Assert.Contains("cardiomegaly", result.LabelColumns);
        Assert.Equal(12, Directory.GetFiles(folder.File("images"), "*.png").Length);
    }

    [Fact]
    public void Check_summarises_a_clean_manifest_and_exits_zero()
    {
        // Given
        MemControlApp.Run(["data", "phantoms", "--count", "8", "--size", "16", "--out", folder.Path], new TestConsole());
        var console = new TestConsole().Width(250);

        // When
        var exitCode = MemControlApp.Run(["data", "check", "--manifest", folder.File("manifest.csv")], console);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("usable items", console.Output);
        Assert.Contains("every row is usable", console.Output);
    }

    [Fact]
    public void Check_lists_each_problem_with_its_line_and_exits_one()
    {
        // Given: a duplicate image, a truncated one, a missing one, an escaping path, a near-empty caption, a leak
        var good = TestImages.WriteGradient(folder.File("img", "good.png"));
        File.Copy(good, folder.File("img", "copy.png"));
        var jpeg = MemControl.Data.Images.ImageEncoder.Encode(TestImages.Gray(64, 64, (y, x) => (x ^ y) / 64f), SkiaSharp.SKEncodedImageFormat.Jpeg);
        File.WriteAllBytes(folder.File("img", "cut.jpg"), jpeg[..(jpeg.Length / 2)]);
        var manifest = folder.Write("m.csv", string.Join('\n',
            "image,caption,subject,split",
            "img/good.png,Small right effusion.,p1,train",
            "img/copy.png,Normal heart size and clear lungs.,p2,train",
            "img/cut.jpg,Left lower lobe consolidation.,p3,train",
            "img/none.png,Normal chest.,p4,train",
            "../escape.png,Normal chest.,p5,train",
            "img/good.png,ok,p6,test",
            "img/good.png,Normal chest radiograph.,p1,test") + "\n");
        var console = new TestConsole().Width(400);

        // When
        var exitCode = MemControlApp.Run(["data", "check", "--manifest", manifest], console);

        // Then
        Assert.Equal(1, exitCode);
        var output = console.Output;
        Assert.Contains("m.csv:3: image", output);
        Assert.Contains("same bytes", output);
        Assert.Contains("m.csv:4: image", output);
        Assert.Contains("truncated", output);
        Assert.Contains("m.csv:5: image 'img/none.png' does not exist", output);
        Assert.Contains("m.csv:6: image '../escape.png' lies outside", output);
        Assert.Contains("near-empty", output);
        Assert.Contains("subject 'p1' is in split 'test'", output);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--size", "0")]
    public void A_bad_phantoms_option_is_a_usage_error_with_exit_code_2_like_every_command(string option, string value)
    {
        // Given
        var console = new TestConsole().Width(300);
        string[] args = option == "--count" ? ["data", "phantoms", "--count", value, "--out", folder.Path] : ["data", "phantoms", "--count", "4", option, value, "--out", folder.Path];

        // When
        var exitCode = MemControlApp.Run(args, console);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(option, console.Output);
    }

    [Fact]
    public void Check_of_a_bad_file_gives_one_line_and_the_input_exit_code_3()
    {
        // Given
        var manifest = folder.Write("m.csv", "file,text\na.png,x\n");
        var console = new TestConsole().Width(300);

        // When
        var exitCode = MemControlApp.Run(["data", "check", "--manifest", manifest], console);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("memcontrol:", console.Output);
        Assert.Contains("the header lacks", console.Output);
        Assert.DoesNotContain("   at ", console.Output);
    }

    [Fact]
    public void Check_reads_a_mimic_folder()
    {
        // Given
        TestImages.WriteGradient(folder.File("files", "p10", "p10000001", "s50000001", "a.jpg"));
        folder.Write(Path.Combine("files", "p10", "p10000001", "s50000001.txt"), "FINDINGS: Clear lungs.\nIMPRESSION: No acute process.\n");
        folder.Write("mimic-cxr-2.0.0-split.csv", "dicom_id,study_id,subject_id,split\na,50000001,10000001,train\n");
        var console = new TestConsole().Width(250);

        // When
        var exitCode = MemControlApp.Run(["data", "check", "--mimic", folder.Path], console);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("split train", console.Output);
    }
}
