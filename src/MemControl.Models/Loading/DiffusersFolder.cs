using System.Text.Json;

namespace MemControl.Models.Loading;

/// <summary>
/// A whole-pipeline folder as save_pretrained writes it: model_index.json naming each component's library and class
/// (e.g. "unet": ["diffusers", "UNet2DConditionModel"]) and one sub-folder per component. Entries of [null, null]
/// (an absent safety checker) and plain values ("requires_safety_checker": false) are not components.
/// </summary>
public sealed class DiffusersFolder
{
    /// <summary>The index file of a pipeline folder.</summary>
    public const string ModelIndexFileName = "model_index.json";

    private readonly Dictionary<string, PipelineComponentInfo> _components;

    private DiffusersFolder(string directory, string? pipelineClassName, JsonElement modelIndex, Dictionary<string, PipelineComponentInfo> components)
    {
        Directory = directory;
        PipelineClassName = pipelineClassName;
        ModelIndex = modelIndex;
        _components = components;
    }

    /// <summary>The pipeline folder (full path).</summary>
    public string Directory { get; }

    /// <summary>"_class_name" of model_index.json, e.g. StableDiffusionPipeline.</summary>
    public string? PipelineClassName { get; }

    /// <summary>The parsed model_index.json.</summary>
    public JsonElement ModelIndex { get; }

    /// <summary>The components, in model_index.json order.</summary>
    public IReadOnlyList<PipelineComponentInfo> Components => _components.Values.ToList();

    /// <summary>True when <paramref name="directory"/> holds a model_index.json (a pipeline, not a single component).</summary>
    public static bool IsPipeline(string directory) => File.Exists(Path.Combine(directory, ModelIndexFileName));

    /// <summary>Opens the pipeline folder <paramref name="directory"/> and reads its model_index.json.</summary>
    public static DiffusersFolder Open(string directory)
    {
        var fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new DirectoryNotFoundException($"pipeline folder '{fullPath}' does not exist.");
        }

        var indexPath = Path.Combine(fullPath, ModelIndexFileName);
        if (!File.Exists(indexPath))
        {
            var hint = File.Exists(Path.Combine(fullPath, "config.json")) ? " (it has a config.json: open it as a single component)" : "";
            throw new FileNotFoundException($"pipeline folder '{fullPath}' has no {ModelIndexFileName}{hint}.", indexPath);
        }

        var index = DiffusersComponent.ParseObject(File.ReadAllText(indexPath), indexPath);
        string? className = null;
        var components = new Dictionary<string, PipelineComponentInfo>(StringComparer.Ordinal);
        foreach (var entry in index.EnumerateObject())
        {
            if (entry.Name == "_class_name")
            {
                className = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : throw Invalid(indexPath, entry.Name, "is not a string");
            }
            else if (!entry.Name.StartsWith('_') && entry.Value.ValueKind == JsonValueKind.Array && ReadComponent(indexPath, fullPath, entry) is { } component)
            {
                components[entry.Name] = component;
            }
        }

        return new DiffusersFolder(fullPath, className, index, components);
    }

    /// <summary>True when model_index.json lists component <paramref name="name"/>.</summary>
    public bool HasComponent(string name) => _components.ContainsKey(name);

    /// <summary>The sub-folder of component <paramref name="name"/> (e.g. for the tokenizer, which has no config.json).</summary>
    public string ComponentDirectory(string name)
    {
        var info = _components.TryGetValue(name, out var found)
            ? found
            : throw new ArgumentException($"pipeline '{Directory}' has no component '{name}' (it has: {string.Join(", ", _components.Keys)}).", nameof(name));
        return System.IO.Directory.Exists(info.Directory)
            ? info.Directory
            : throw new DirectoryNotFoundException($"pipeline '{Directory}' lists component '{name}' but its folder '{info.Directory}' does not exist.");
    }

    /// <summary>Opens component <paramref name="name"/> (unet, vae, text_encoder, scheduler).</summary>
    public DiffusersComponent OpenComponent(string name, string? variant = null) =>
        DiffusersComponent.Open(ComponentDirectory(name), variant);

    private static PipelineComponentInfo? ReadComponent(string indexPath, string folder, JsonProperty entry)
    {
        var parts = entry.Value.EnumerateArray().ToList();
        if (parts.Count != 2)
        {
            throw Invalid(indexPath, entry.Name, $"has {parts.Count} items, not [library, class]");
        }

        if (parts.All(p => p.ValueKind == JsonValueKind.Null))
        {
            return null;
        }

        if (parts.Any(p => p.ValueKind != JsonValueKind.String))
        {
            throw Invalid(indexPath, entry.Name, $"is {entry.Value.GetRawText()}, not [library, class] strings");
        }

        // A component name becomes a folder name: refuse anything that would point outside the pipeline folder.
        if (entry.Name != Path.GetFileName(entry.Name) || entry.Name is "." or "..")
        {
            throw Invalid(indexPath, entry.Name, "is not a plain folder name");
        }

        return new PipelineComponentInfo(entry.Name, parts[0].GetString()!, parts[1].GetString()!, Path.Combine(folder, entry.Name));
    }

    private static InvalidDataException Invalid(string indexPath, string field, string what) =>
        new($"'{indexPath}': field '{field}' {what}.");
}
