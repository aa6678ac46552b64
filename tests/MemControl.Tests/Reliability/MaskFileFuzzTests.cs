using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using MemControl.Tests.Peft;
using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// Property: for any mutation of a valid mask.json, <see cref="MaskFile.Load"/> either returns a mask that fits the
/// model or throws <see cref="InvalidDataException"/> naming the file; never another exception.
/// </summary>
[Collection(PeftCollection.Name)]
public sealed class MaskFileFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261128;
    private const int Iterations = 3000;
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-mask-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Mutated_mask_files_either_load_a_fitting_mask_or_throw_InvalidDataException()
    {
        // Given
        var model = PeftFixture.Model();
        var layouts = Enum.GetValues<MaskSpace>().ToDictionary(space => space, space => MaskLayout.For(model, space));
        var mask = LayerMask.Parse(MaskSpace.Official13, "1,1,0,0,0,0,1,1,1,0,0,0,0");
        var path = Path.Combine(folder, "mask.json");
        MaskFile.Create(new SvDiffConfig { Kind = SvDiffVariant.Memcontrol }, mask, layouts[MaskSpace.Official13], 3e-4, 1234, PeftFixture.Identity).Save(path);
        var mutator = new JsonMutator(File.ReadAllText(path), Seed);
        var (loaded, rejected) = (0, 0);
        var crashes = new List<string>();

        // When
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            File.WriteAllText(path, mutator.Next());
            try
            {
                var file = MaskFile.Load(path, PeftFixture.Identity, space => layouts[space]);
                var bits = file.Mask.Bits.Count;
                if (bits != layouts[file.Mask.Space].Units.Count)
                {
                    crashes.Add($"iteration {iteration}: loaded {bits} bits for a layout of {layouts[file.Mask.Space].Units.Count}");
                }

                loaded++;
            }
            catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal))
            {
                rejected++;
            }
            catch (Exception e)
            {
                crashes.Add($"iteration {iteration}: {e.GetType().Name}: {e.Message}\n{File.ReadAllText(path)}");
            }
        }

        // Then
        output.WriteLine($"mask.json fuzz, seed {Seed}: {Iterations} inputs tried, {loaded} loaded, {rejected} rejected with InvalidDataException, {crashes.Count} crashes");
        Assert.True(loaded > 0 && rejected > Iterations / 4, $"{loaded} loaded, {rejected} rejected: the mutator misses one side");
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Take(5)));
    }
}
