using MemControl.Models.Loading;
using MemControl.Tests.Models.Loading.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading;

/// <summary>
/// Property: for any bytes, opening and reading every tensor either succeeds with tensors of the declared shapes or
/// throws <see cref="InvalidDataException"/>; never another exception, a native crash or a huge allocation.
/// Inputs are seeded mutations of a small valid file, so a failure is reproducible from its iteration number.
/// </summary>
public sealed class SafetensorsFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261128;
    private const int Iterations = 2000;

    [Fact]
    public void Mutated_files_either_read_cleanly_or_throw_InvalidDataException()
    {
        // Given
        using var folder = new TempFolder();
        var validPath = folder.File("valid.safetensors");
        SafetensorsWriter.Write(validPath, new Dictionary<string, Tensor>
        {
            ["weight"] = randn(3, 4),
            ["half"] = randn(5).half(),
            ["steps"] = tensor(new long[] { 1, 2 }),
            ["mask"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(2.0),
        });
        var valid = File.ReadAllBytes(validPath);
        var headerEnd = 8 + (int)BitConverter.ToUInt64(valid, 0);
        var random = new Random(Seed);
        var path = folder.File("mutated.safetensors");
        var (accepted, rejected) = (0, 0);
        var crashes = new List<string>();

        // When
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            File.WriteAllBytes(path, Mutate(valid, headerEnd, random));
            try
            {
                using var file = SafetensorsFile.Open(path);
                foreach (var key in file.Keys)
                {
                    using var tensor = file.Read(key);
                    if (tensor.numel() != file.GetInfo(key).ElementCount)
                    {
                        crashes.Add($"iteration {iteration}: '{key}' read with {tensor.numel()} elements, header says {file.GetInfo(key).ElementCount}");
                    }
                }

                accepted++;
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                crashes.Add($"iteration {iteration}: {e.GetType().Name}: {e.Message}");
            }
        }

        // Then
        output.WriteLine($"seed {Seed}: {Iterations} mutated files tried, {accepted} read cleanly, {rejected} rejected with InvalidDataException, {crashes.Count} other failures");
        Assert.True(rejected > Iterations / 4, $"only {rejected} of {Iterations} mutations were rejected: the mutator is not reaching the header");
        Assert.True(accepted > 0, "no mutation was accepted: data-section mutations should read cleanly");
        Assert.Empty(crashes);
    }

    // Four kinds of damage: random bytes in the header, digit swaps in the header (valid JSON, wrong numbers),
    // random bytes anywhere (mostly data: must still read), and truncation or a rewritten length field.
    private static byte[] Mutate(byte[] valid, int headerEnd, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(8, headerEnd)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                var digits = Enumerable.Range(8, headerEnd - 8).Where(i => bytes[i] is >= (byte)'0' and <= (byte)'9').ToArray();
                for (var n = random.Next(1, 3); n > 0; n--)
                {
                    bytes[digits[random.Next(digits.Length)]] = (byte)('0' + random.Next(10));
                }

                return bytes;
            case 2:
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            default:
                if (random.Next(2) == 0)
                {
                    return bytes[..random.Next(bytes.Length)];
                }

                BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), random.Next(3) switch
                {
                    0 => (ulong)random.NextInt64(),
                    1 => (ulong)(headerEnd - 8 + random.Next(-16, 16)),
                    _ => (ulong)random.Next(bytes.Length + 64),
                });
                return bytes;
        }
    }
}
