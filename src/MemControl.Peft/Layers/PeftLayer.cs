using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>
/// Base of the PEFT layers that wrap a one-input module (Linear, Conv2d, GroupNorm, LayerNorm, FeedForward). A shell over
/// <see cref="PeftLayerCore"/>, which holds the state and behaviour; <see cref="PeftLayer2"/> is the same shell for two inputs.
/// </summary>
public abstract class PeftLayer : nn.Module<Tensor, Tensor>, IPeftLayer
{
    private readonly PeftLayerCore core;

    protected PeftLayer(string name, nn.Module<Tensor, Tensor> baseModule) : base(name)
    {
        BaseModule = baseModule;
        core = new PeftLayerCore(
            baseModule,
            ConditionallyRegisterParameter,
            (bufferName, buffer) => ConditionallyRegisterBuffer(bufferName, buffer),
            (childName, child) => _internal_submodules[childName] = child);
        OnDevice(core.Device);
    }

    /// <summary>The wrapped module, typed for calling.</summary>
    protected nn.Module<Tensor, Tensor> BaseModule { get; }

    public nn.Module Base => BaseModule;

    public IReadOnlyDictionary<string, AdapterParameterKind> AdapterParameterKinds => core.Kinds;

    public Parameter AdapterParameter(string name) => core.AdapterParameter(name);

    public abstract nn.Module? Merge();

    protected Parameter AddAdapterParameter(string name, Tensor initial, AdapterParameterKind kind) =>
        core.AddAdapterParameter(name, initial, kind);

    /// <summary>Moves cached, non-trainable tensors a layer keeps in fields (e.g. SV-DIFF's U, σ, Vᵀ).</summary>
    protected virtual void OnMoved(Device? device)
    {
    }

    /// <summary>Registration is explicit (base entries under their names + method parameters); no field is auto-registered.</summary>
    protected override void RegisterComponents()
    {
    }

    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking) =>
        OnDevice(core.Move(dtype, device, non_blocking, OnMoved));

    public override void train(bool train = true)
    {
        base.train(train);
        core.Train(train);
    }

    private void OnDevice(Device device)
    {
        _deviceType = device.type;
        _deviceIndex = device.type == DeviceType.CUDA ? device.index : -1;
    }
}
