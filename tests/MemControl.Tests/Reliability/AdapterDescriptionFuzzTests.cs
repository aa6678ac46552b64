using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Masks;
using MemControl.Tests.Peft;
using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// Property: for any mutation of a valid adapter.json (beside its unchanged tensors), <see cref="AdapterSet.Load"/>
/// either loads an adapter or throws <see cref="InvalidDataException"/> naming the file; never another exception.
/// </summary>
[Collection(PeftCollection.Name)]
public sealed class AdapterDescriptionFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261129;
    private const int Iterations = 250;
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-adapter-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("lora")]
    [InlineData("svdiff-memcontrol")]
    public void Mutated_adapter_descriptions_either_load_or_throw_InvalidDataException(string method)
    {
        // Given
        var context = new PeftContext(PeftFixture.Identity);
        var mask = method == "lora" ? null : LayerMask.Parse(MaskSpace.Default, "1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0");
        AdapterSet.Attach(PeftFixture.Model(), PeftFixture.Config(method), context, mask).Save(folder);
        var descriptionPath = Path.Combine(folder, AdapterFiles.Description);
        var mutator = new JsonMutator(File.ReadAllText(descriptionPath), Seed);
        var (loaded, rejected) = (0, 0);
        var crashes = new List<string>();

        // When
        // A fresh model only after Load got past the description (attaching changes the model); building one is
        // most of the cost of an iteration.
        var model = PeftFixture.Model();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            File.WriteAllText(descriptionPath, mutator.Next());
            var modelTouched = true;
            try
            {
                AdapterSet.Load(model, folder, context);
                loaded++;
            }
            catch (InvalidDataException e) when (e.Message.Contains(folder, StringComparison.Ordinal))
            {
                rejected++;
                modelTouched = !e.Message.StartsWith($"'{descriptionPath}'", StringComparison.Ordinal) || e.Message.Contains("does not fit", StringComparison.Ordinal);
            }
            catch (Exception e)
            {
                crashes.Add($"iteration {iteration}: {e.GetType().Name}: {e.Message}\n{File.ReadAllText(descriptionPath)}");
            }

            if (modelTouched)
            {
                model = PeftFixture.Model();
            }
        }

        // Then
        output.WriteLine($"adapter.json fuzz ({method}), seed {Seed}: {Iterations} inputs tried, {loaded} loaded, {rejected} rejected with InvalidDataException, {crashes.Count} crashes");
        Assert.True(loaded > 0 && rejected > Iterations / 4, $"{loaded} loaded, {rejected} rejected: the mutator misses one side");
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Take(5)));
    }
}
