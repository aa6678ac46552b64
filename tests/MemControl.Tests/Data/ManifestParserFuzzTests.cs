using System.Text;
using MemControl.Data.Manifests;

namespace MemControl.Tests.Data;

public sealed class ManifestParserFuzzTests
{
    private const string Valid =
        "image,caption,subject,split,finding\n"
        + "a.png,\"Cardiomegaly, mild.\",p1,train,1\n"
        + "b/c.png,\"Two\nlines \"\"quoted\"\"\",p2,test,0\n"
        + "d.png,Normal chest,p3,,0\n";

    [Fact]
    public void Random_mutations_either_parse_or_throw_InvalidDataException()
    {
        // Given: a seeded stream of byte- and line-level mutations of a valid manifest
        var random = new Random(20261128);
        var baseBytes = Encoding.UTF8.GetBytes(Valid);
        var options = new ManifestOptions { CheckImagesExist = false };
        int tried = 0, parsed = 0, rejected = 0;

        // When
        for (var i = 0; i < 4000; i++)
        {
            var input = Mutate(baseBytes, random);
            tried++;
            try
            {
                ManifestReader.Parse(input, "fuzz.csv", "/data", options);
                parsed++;
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
        }

        // Then: nothing else was thrown (the loop would have failed), and both outcomes occurred
        TestContext.Current.TestOutputHelper?.WriteLine($"manifest fuzz: {tried} inputs, {parsed} parsed, {rejected} rejected with InvalidDataException");
        Assert.Equal(4000, tried);
        Assert.True(parsed > 100, $"only {parsed} inputs parsed");
        Assert.True(rejected > 100, $"only {rejected} inputs were rejected");
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = source.ToList();
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(position, (byte)"\",\n\r\0"[random.Next(5)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 3:
                    // Duplicate a line.
                    var lines = Encoding.UTF8.GetString(bytes.ToArray()).Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    lines.Insert(line, lines[line]);
                    bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines)).ToList();
                    break;
                case 4:
                    // Drop a line (possibly the header).
                    var kept = Encoding.UTF8.GetString(bytes.ToArray()).Split('\n').ToList();
                    kept.RemoveAt(random.Next(kept.Count));
                    bytes = Encoding.UTF8.GetBytes(string.Join('\n', kept)).ToList();
                    break;
                case 5:
                    bytes.InsertRange(position, Encoding.UTF8.GetBytes(new[] { "../", "/etc/", "ü", "\uFEFF", "\"\"" }[random.Next(5)]));
                    break;
                default:
                    bytes = bytes.Take(position).ToList();
                    break;
            }
        }

        return [.. bytes];
    }
}
