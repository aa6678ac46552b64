using System.Text.Json;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// One component folder of a diffusers pipeline (unet/, vae/, text_encoder/, scheduler/) or a folder that
/// save_pretrained wrote for a single model: its config (config.json, or scheduler_config.json for schedulers) and,
/// for models, its weights (see <see cref="ComponentWeights"/>). Opening reads and checks the config only.
/// </summary>
public sealed class DiffusersComponent
{
    /// <summary>Config file names tried, in order.</summary>
    public static IReadOnlyList<string> ConfigFileNames { get; } = ["config.json", "scheduler_config.json"];

    private DiffusersComponent(string directory, string configPath, string configJson, JsonElement config, string? variant)
    {
        Directory = directory;
        ConfigPath = configPath;
        ConfigJson = configJson;
        Config = config;
        Variant = variant;
    }

    /// <summary>The component folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The config file read.</summary>
    public string ConfigPath { get; }

    /// <summary>The config file's text, for deserialising a config record (snake_case keys).</summary>
    public string ConfigJson { get; }

    /// <summary>The parsed config (a JSON object; needs no disposing).</summary>
    public JsonElement Config { get; }

    /// <summary>The weights variant asked for (e.g. "fp16"), or null.</summary>
    public string? Variant { get; }

    /// <summary>
    /// The model class the config names: diffusers' "_class_name" (e.g. UNet2DConditionModel) or transformers'
    /// first "architectures" entry (e.g. CLIPTextModel); null when it names neither.
    /// </summary>
    public string? ClassName =>
        Config.TryGetProperty("_class_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()
        : Config.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
          && list[0].ValueKind == JsonValueKind.String ? list[0].GetString()
        : null;

    /// <summary>Opens the component folder <paramref name="directory"/>, reading and checking its config.</summary>
    public static DiffusersComponent Open(string directory, string? variant = null)
    {
        var fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new DirectoryNotFoundException($"component folder '{fullPath}' does not exist.");
        }

        var configPath = ConfigFileNames.Select(name => Path.Combine(fullPath, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"component folder '{fullPath}' has no {string.Join(" or ", ConfigFileNames)}.", Path.Combine(fullPath, ConfigFileNames[0]));
        var configJson = File.ReadAllText(configPath);
        return new DiffusersComponent(fullPath, configPath, configJson, ParseObject(configJson, configPath), variant);
    }

    /// <summary>The weights file (or sharded index) this component loads from.</summary>
    public string ResolveWeights() => ComponentWeights.Resolve(Directory, Variant);

    /// <summary>Opens the weights for reading by key; dispose the result.</summary>
    public ITensorSource OpenWeights() => ComponentWeights.Open(ResolveWeights());

    /// <summary>Loads the weights into <paramref name="module"/>, strict by default (see <see cref="StateDictLoader"/>).</summary>
    public StateDictLoadResult LoadInto(nn.Module module, bool strict = true)
    {
        var source = OpenWeights();
        try
        {
            return StateDictLoader.Load(module, source, strict);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>Parses <paramref name="json"/> as a JSON object; <paramref name="path"/> names it in the error.</summary>
    internal static JsonElement ParseObject(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new InvalidDataException($"'{path}' is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON ({e.Message}).");
        }
    }
}
