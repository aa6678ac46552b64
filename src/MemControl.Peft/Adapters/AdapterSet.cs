using MemControl.Models.Loading;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemControl.Peft.Layers;
using MemControl.Peft.Masks;
using MemControl.Peft.Tree;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Adapters;

/// <summary>
/// A PEFT method attached to one model: which tensors train (after the mask), the substituted layers, and how to
/// save, load, merge and detach them. One adapter at a time per model (no multi-adapter machinery).
/// </summary>
public sealed class AdapterSet
{
    private readonly Dictionary<string, bool> originalRequiresGrad;
    private readonly Dictionary<string, IPeftLayer> layers;
    private bool merged;

    private AdapterSet(
        nn.Module root,
        IPeftMethod method,
        PeftContext context,
        LayerMask? mask,
        MaskLayout? layout,
        IReadOnlyList<PlannedParameter> trainable,
        Dictionary<string, IPeftLayer> layers,
        Dictionary<string, bool> originalRequiresGrad)
    {
        Root = root;
        Method = method;
        Context = context;
        Mask = mask;
        Layout = layout;
        Trainable = trainable;
        this.layers = layers;
        this.originalRequiresGrad = originalRequiresGrad;
    }

    public nn.Module Root { get; }

    public IPeftMethod Method { get; }

    public PeftContext Context { get; }

    /// <summary>The mask applied, or null when the method trains on every block.</summary>
    public LayerMask? Mask { get; }

    /// <summary>The mask's layout on this model, or null without a mask.</summary>
    public MaskLayout? Layout { get; }

    /// <summary>The tensors that train (the method's plan minus what the mask freezes).</summary>
    public IReadOnlyList<PlannedParameter> Trainable { get; }

    /// <summary>The substituted layers, by module path.</summary>
    public IReadOnlyDictionary<string, IPeftLayer> Layers => layers;

    /// <summary>Number of trainable values.</summary>
    public long TrainableCount => Trainable.Sum(entry => entry.Count);

    /// <summary>
    /// Attaches the method <paramref name="config"/> describes to <paramref name="root"/>: every parameter of the model is
    /// frozen, the method's layers are substituted, and its tensors unfrozen unless a 0 bit of <paramref name="mask"/> covers them.
    /// </summary>
    public static AdapterSet Attach(nn.Module root, PeftConfig config, PeftContext context, LayerMask? mask = null)
    {
        var method = PeftMethodRegistry.Create(config, context);
        MaskLayout? layout = null;
        if (mask is not null)
        {
            if (!method.SupportsMask)
            {
                throw new ArgumentException($"the PEFT method '{config.Method}' takes no mask", nameof(mask));
            }

            layout = MaskLayout.For(root, mask.Space);
            mask.CheckFits(layout);
        }

        var plan = method.Plan(root);
        var originalRequiresGrad = root.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter.requires_grad);
        foreach (var parameter in root.parameters())
        {
            parameter.requires_grad = false;
        }

        var attached = method.Attach(root).ToDictionary(entry => entry.Key, entry => entry.Value);
        var trainable = new List<PlannedParameter>();
        foreach (var entry in plan)
        {
            var frozenByMask = entry.Maskable && mask is not null && mask.Freezes(layout!, entry.Key);
            ModuleTree.FindParameter(root, entry.ModulePath, entry.Name).requires_grad = !frozenByMask;
            if (!frozenByMask)
            {
                trainable.Add(entry);
            }
        }

        return new AdapterSet(root, method, context, mask, layout, trainable, attached, originalRequiresGrad);
    }

    /// <summary>The live trainable tensors (looked up by key, so they are current after the model moves device).</summary>
    public IReadOnlyList<Parameter> Parameters() =>
        Trainable.Select(entry => ModuleTree.FindParameter(Root, entry.ModulePath, entry.Name)).ToList();

    /// <summary>The live trainable tensors of one optimizer group (SV-DIFF's 1-D shifts take their own learning rate).</summary>
    public IReadOnlyList<Parameter> Parameters(AdapterParameterKind kind) =>
        Trainable.Where(entry => entry.Kind == kind).Select(entry => ModuleTree.FindParameter(Root, entry.ModulePath, entry.Name)).ToList();

    /// <summary>
    /// Writes <c>adapter.safetensors</c> (the trainable tensors by state-dict key) and <c>adapter.json</c> into
    /// <paramref name="directory"/>, each atomically.
    /// </summary>
    public void Save(string directory)
    {
        ThrowIfMerged();
        var tensors = Trainable.ToDictionary(entry => entry.Key, entry => (Tensor)ModuleTree.FindParameter(Root, entry.ModulePath, entry.Name));
        TensorFile.Save(Path.Combine(directory, AdapterFiles.Tensors), tensors);

        var description = new JsonObject
        {
            ["format"] = AdapterFiles.Format,
            ["method"] = Method.Config.Method,
            ["variant"] = Method.Config.Variant,
            ["config"] = JsonSerializer.SerializeToNode(Method.Config, Method.Config.GetType(), PeftJson.Options),
            ["mask"] = Mask is null ? null : new JsonObject
            {
                ["space"] = MaskSpaces.Name(Mask.Space),
                ["bits"] = new JsonArray(Mask.Bits.Select(bit => (JsonNode)(bit ? 1 : 0)).ToArray()),
            },
            ["base_model_identity"] = Context.BaseModelIdentity,
            ["trainable_count"] = TrainableCount,
        };
        AtomicFile.WriteText(Path.Combine(directory, AdapterFiles.Description), description.ToJsonString(PeftJson.Options));
    }

    /// <summary>
    /// Attaches the adapter saved in <paramref name="directory"/> to <paramref name="root"/> and loads its tensors.
    /// A file for another base model, or one that does not fit this model, is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static AdapterSet Load(nn.Module root, string directory, PeftContext context)
    {
        var descriptionPath = Path.Combine(directory, AdapterFiles.Description);
        if (!File.Exists(descriptionPath))
        {
            throw new FileNotFoundException($"adapter description '{descriptionPath}' does not exist", descriptionPath);
        }

        var saved = ReadDescription(descriptionPath);
        if (saved.Identity != context.BaseModelIdentity)
        {
            throw new InvalidDataException(
                $"'{descriptionPath}': field 'base_model_identity' is '{saved.Identity}' but the model is '{context.BaseModelIdentity}'; " +
                "this adapter was trained on another base model");
        }

        AdapterSet adapters;
        try
        {
            adapters = Attach(root, saved.Config, context, saved.Mask);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"'{descriptionPath}' does not fit this model: {error.Message}", error);
        }

        var tensorsPath = Path.Combine(directory, AdapterFiles.Tensors);
        var tensors = TensorFile.Load(tensorsPath);
        var expected = adapters.Trainable.ToDictionary(entry => entry.Key);
        foreach (var key in tensors.Keys.Where(key => !expected.ContainsKey(key)))
        {
            throw new InvalidDataException($"'{tensorsPath}': key '{key}' is not a trainable tensor of this adapter on this model");
        }

        using (no_grad())
        {
            foreach (var entry in adapters.Trainable)
            {
                if (!tensors.TryGetValue(entry.Key, out var value))
                {
                    throw new InvalidDataException($"'{tensorsPath}': key '{entry.Key}' is missing");
                }

                var target = ModuleTree.FindParameter(root, entry.ModulePath, entry.Name);
                if (!target.shape.SequenceEqual(value.shape))
                {
                    throw new InvalidDataException(
                        $"'{tensorsPath}': key '{entry.Key}' has shape [{string.Join(", ", value.shape)}] but the model needs [{string.Join(", ", target.shape)}]");
                }

                target.copy_(value);
            }
        }

        return adapters;
    }

    /// <summary>
    /// Folds the adapter into plain weights for fast sampling: SV-DIFF and LoRA become W', DiffFit's scales fold into
    /// the weights they scale where that is exact and otherwise stay as frozen scaling layers. Deepest layers first, so
    /// an outer scale folds into an already plain inner layer. Afterwards nothing trains and the set cannot be saved.
    /// </summary>
    public void Merge()
    {
        ThrowIfMerged();
        using (no_grad())
        {
            foreach (var (path, layer) in layers.OrderByDescending(entry => entry.Key.Count(c => c == '.')))
            {
                var plain = layer.Merge();
                if (plain is not null)
                {
                    ModuleTree.Substitute(Root, path, plain);
                }
            }
        }

        FreezeEverything();
        merged = true;
    }

    /// <summary>Puts the original modules back and restores which parameters trained before; the method's tensors are dropped.</summary>
    public void Detach()
    {
        ThrowIfMerged();
        foreach (var (path, layer) in layers.OrderByDescending(entry => entry.Key.Count(c => c == '.')))
        {
            ModuleTree.Substitute(Root, path, layer.Base);
        }

        foreach (var (name, parameter) in Root.named_parameters())
        {
            if (originalRequiresGrad.TryGetValue(name, out var requiresGrad))
            {
                parameter.requires_grad = requiresGrad;
            }
        }

        layers.Clear();
        merged = true;
    }

    private void FreezeEverything()
    {
        foreach (var parameter in Root.parameters())
        {
            parameter.requires_grad = false;
        }
    }

    private void ThrowIfMerged()
    {
        if (merged)
        {
            throw new InvalidOperationException("this adapter set was merged or detached; attach the method again to train or save");
        }
    }

    // Every field is read by kind (TryGetValue, "is JsonObject"), so a field of the wrong JSON type is an
    // InvalidDataException naming it, never an InvalidOperationException from System.Text.Json (found by fuzzing).
    private static (PeftConfig Config, LayerMask? Mask, string Identity) ReadDescription(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"'{path}' is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {error.Message}", error);
        }

        string Required(string field) => root[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidDataException($"'{path}': field '{field}' is missing or not a string");

        if (Required("format") != AdapterFiles.Format)
        {
            throw new InvalidDataException($"'{path}': field 'format' is '{root["format"]}', expected '{AdapterFiles.Format}'");
        }

        var methodName = Required("method");
        PeftMethodRegistration registration;
        try
        {
            registration = PeftMethodRegistry.Get(methodName);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"'{path}': field 'method': {error.Message}", error);
        }

        PeftConfig config;
        try
        {
            config = root["config"] switch
            {
                null => registration.DefaultConfig(),
                JsonObject configNode => (PeftConfig)(configNode.Deserialize(registration.ConfigType, PeftJson.Options)
                    ?? throw new InvalidDataException($"'{path}': field 'config' is null")),
                _ => throw new InvalidDataException($"'{path}': field 'config' is not a JSON object"),
            };
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}': field 'config' is invalid: {error.Message}", error);
        }

        LayerMask? mask = null;
        switch (root["mask"])
        {
            case null:
                break;
            case JsonObject maskNode:
                var spaceName = maskNode["space"] is JsonValue spaceValue && spaceValue.TryGetValue<string>(out var text)
                    ? text
                    : throw new InvalidDataException($"'{path}': field 'mask.space' is missing or not a string");
                MaskSpace space;
                try
                {
                    space = MaskSpaces.Parse(spaceName);
                }
                catch (ArgumentException error)
                {
                    throw new InvalidDataException($"'{path}': field 'mask.space': {error.Message}", error);
                }

                var bits = (maskNode["bits"] as JsonArray ?? throw new InvalidDataException($"'{path}': field 'mask.bits' is missing or not an array"))
                    .Select(bit => bit is JsonValue bitValue && bitValue.TryGetValue<int>(out var number) && number is 0 or 1
                        ? number == 1
                        : throw new InvalidDataException($"'{path}': field 'mask.bits' holds {bit?.ToJsonString() ?? "null"}, not 0 or 1"))
                    .ToArray();
                mask = new LayerMask(space, bits);
                break;
            default:
                throw new InvalidDataException($"'{path}': field 'mask' is not a JSON object");
        }

        return (config, mask, Required("base_model_identity"));
    }
}
