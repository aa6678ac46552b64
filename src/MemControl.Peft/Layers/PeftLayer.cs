using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>Base of the PEFT layers that wrap a one-input module (Linear, Conv2d, GroupNorm, LayerNorm, FeedForward).</summary>
public abstract class PeftLayer : nn.Module<Tensor, Tensor>, IPeftLayer
{
    private readonly LayerPlumbing plumbing;

    protected PeftLayer(string name, nn.Module<Tensor, Tensor> baseModule) : base(name)
    {
        BaseModule = baseModule;
        plumbing = new LayerPlumbing(
            baseModule,
            ConditionallyRegisterParameter,
            (bufferName, buffer) => ConditionallyRegisterBuffer(bufferName, buffer),
            (childName, child) => _internal_submodules[childName] = child);
        plumbing.MirrorBase();
        var device = plumbing.Device;
        _deviceType = device.type;
        _deviceIndex = device.type == DeviceType.CUDA ? device.index : -1;
    }

    /// <summary>The wrapped module, typed for calling.</summary>
    protected nn.Module<Tensor, Tensor> BaseModule { get; }

    public nn.Module Base => BaseModule;

    public IReadOnlyDictionary<string, AdapterParameterKind> AdapterParameterKinds => plumbing.Kinds;

    public Parameter AdapterParameter(string name) => plumbing.AdapterParameter(name);

    public abstract nn.Module? Merge();

    protected Parameter AddAdapterParameter(string name, Tensor initial, AdapterParameterKind kind) =>
        plumbing.AddAdapterParameter(name, initial, kind);

    /// <summary>Registration is explicit (base entries under their names + method parameters); no field is auto-registered.</summary>
    protected override void RegisterComponents()
    {
    }

    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        plumbing.Move(dtype, device, non_blocking);
        OnMoved(device);
        if (device is not null)
        {
            _deviceType = device.type;
            _deviceIndex = device.type == DeviceType.CUDA ? device.index : -1;
        }
    }

    /// <summary>Moves cached, non-trainable tensors a layer keeps in fields (e.g. SV-DIFF's U, σ, Vᵀ).</summary>
    protected virtual void OnMoved(Device? device)
    {
    }

    public override void train(bool train = true)
    {
        base.train(train);
        Base.train(train);
    }
}
