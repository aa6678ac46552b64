using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>
/// Everything a PEFT layer does, whatever its number of inputs: mirror the wrapped module's own entries under their
/// names, hold the method parameters, follow device moves (with the layer's cached tensors) and train mode.
/// TorchSharp's one- and two-input modules are different base classes that differ only in <c>forward</c>, and a C# class
/// has one base, so <see cref="PeftLayer"/> and <see cref="PeftLayer2"/> are shells that only delegate here: no logic
/// lives in them, so the two arities cannot drift apart.
/// </summary>
/// <remarks>
/// TorchSharp's default move only replaces the wrapper's registered tensors, but the base module's forward reads its own
/// fields, so the base module is moved through its public <c>to</c> and its entries mirrored again.
/// </remarks>
internal sealed class PeftLayerCore
{
    private readonly Dictionary<string, Parameter> adapterParameters = [];
    private readonly Dictionary<string, AdapterParameterKind> kinds = [];
    private readonly Action<string, Parameter?> registerParameter;
    private readonly Action<string, Tensor?> registerBuffer;
    private readonly Action<string, nn.Module> registerChild;

    public PeftLayerCore(
        nn.Module baseModule,
        Action<string, Parameter?> registerParameter,
        Action<string, Tensor?> registerBuffer,
        Action<string, nn.Module> registerChild)
    {
        Base = baseModule;
        this.registerParameter = registerParameter;
        this.registerBuffer = registerBuffer;
        this.registerChild = registerChild;
        MirrorBase();
    }

    public nn.Module Base { get; }

    public IReadOnlyDictionary<string, AdapterParameterKind> Kinds => kinds;

    /// <summary>The device of the wrapped module's first parameter (CPU when it has none).</summary>
    public Device Device => Base.parameters().FirstOrDefault()?.device ?? CPU;

    public Parameter AdapterParameter(string name) => adapterParameters.TryGetValue(name, out var parameter)
        ? parameter
        : throw new ArgumentException($"this layer has no adapter parameter '{name}'", nameof(name));

    /// <summary>
    /// Adds a trainable float32 method parameter on the wrapped module's device (docs/decisions.md §5: trainable tensors
    /// stay float32).
    /// </summary>
    public Parameter AddAdapterParameter(string name, Tensor initial, AdapterParameterKind kind)
    {
        var parameter = new Parameter(initial.to(float32).to(Device).detach().DetachFromDisposeScope(), requires_grad: true);
        adapterParameters[name] = parameter;
        kinds[name] = kind;
        registerParameter(name, parameter);
        return parameter;
    }

    /// <summary>
    /// Moves the wrapped module, re-mirrors it, moves the method parameters (device only: they stay float32), then lets
    /// the layer move what it caches (<paramref name="onMoved"/>). Returns the device the layer is on afterwards.
    /// </summary>
    public Device Move(ScalarType? dtype, Device? device, bool nonBlocking, Action<Device?> onMoved)
    {
        if (device is null)
        {
            Base.to(dtype!.Value, nonBlocking);
        }
        else if (dtype is null)
        {
            Base.to(device, nonBlocking);
        }
        else
        {
            Base.to(device, dtype.Value, nonBlocking);
        }

        MirrorBase();
        if (device is not null)
        {
            MoveAdapterParameters(device);
        }

        onMoved(device);
        return device ?? Device;
    }

    /// <summary>Sets train mode on the wrapped module too: it is not a registered child of the layer, its entries are.</summary>
    public void Train(bool train) => Base.train(train);

    private void MirrorBase()
    {
        foreach (var (name, parameter) in Base.named_parameters(recurse: false))
        {
            registerParameter(name, parameter);
        }

        foreach (var (name, buffer) in Base.named_buffers(recurse: false))
        {
            registerBuffer(name, buffer);
        }

        foreach (var (name, child) in Base.named_children())
        {
            registerChild(name, child);
        }
    }

    private void MoveAdapterParameters(Device device)
    {
        foreach (var name in adapterParameters.Keys.ToList())
        {
            var old = adapterParameters[name];
            using (no_grad())
            {
                var moved = new Parameter(old.to(device).detach(), requires_grad: old.requires_grad);
                _ = moved.DetachFromDisposeScope();
                adapterParameters[name] = moved;
                registerParameter(name, moved);
            }
        }
    }
}
