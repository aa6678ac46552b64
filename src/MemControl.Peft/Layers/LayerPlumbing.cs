using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>
/// What every PEFT layer does the same way, whatever its number of inputs: mirror the wrapped module's own entries under
/// their names, hold the method parameters, and follow device moves. TorchSharp's default move only replaces the
/// wrapper's registered tensors, but the base module's forward reads its own fields, so the base module is moved through
/// its public <c>to</c> and its entries mirrored again.
/// </summary>
internal sealed class LayerPlumbing(
    nn.Module baseModule,
    Action<string, Parameter?> registerParameter,
    Action<string, Tensor?> registerBuffer,
    Action<string, nn.Module> registerChild)
{
    private readonly Dictionary<string, Parameter> adapterParameters = [];
    private readonly Dictionary<string, AdapterParameterKind> kinds = [];

    public nn.Module Base { get; } = baseModule;

    public IReadOnlyDictionary<string, AdapterParameterKind> Kinds => kinds;

    public Parameter AdapterParameter(string name) => adapterParameters.TryGetValue(name, out var parameter)
        ? parameter
        : throw new ArgumentException($"this layer has no adapter parameter '{name}'", nameof(name));

    /// <summary>The device of the wrapped module's first parameter (CPU when it has none).</summary>
    public Device Device => Base.parameters().FirstOrDefault()?.device ?? CPU;

    public void MirrorBase()
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

    /// <summary>Adds a trainable float32 method parameter (docs/decisions.md §5: trainable tensors stay float32).</summary>
    public Parameter AddAdapterParameter(string name, Tensor initial, AdapterParameterKind kind)
    {
        var parameter = new Parameter(initial.to(float32).detach().DetachFromDisposeScope(), requires_grad: true);
        adapterParameters[name] = parameter;
        kinds[name] = kind;
        registerParameter(name, parameter);
        return parameter;
    }

    /// <summary>Moves the wrapped module, re-mirrors it, and moves the method parameters (device only: they stay float32).</summary>
    public void Move(ScalarType? dtype, Device? device, bool nonBlocking)
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
        if (device is null)
        {
            return;
        }

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
