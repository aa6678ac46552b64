using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Layers;

/// <summary>
/// Base of the PEFT layers that wrap a two-input module: attention modules called as (hidden states, context), where
/// the context is null for self-attention. Same plumbing as <see cref="PeftLayer"/>.
/// </summary>
public abstract class PeftLayer2 : nn.Module<Tensor, Tensor?, Tensor>, IPeftLayer
{
    private readonly LayerPlumbing plumbing;

    protected PeftLayer2(string name, nn.Module<Tensor, Tensor?, Tensor> baseModule) : base(name)
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
    protected nn.Module<Tensor, Tensor?, Tensor> BaseModule { get; }

    public nn.Module Base => BaseModule;

    public IReadOnlyDictionary<string, AdapterParameterKind> AdapterParameterKinds => plumbing.Kinds;

    public Parameter AdapterParameter(string name) => plumbing.AdapterParameter(name);

    public abstract nn.Module? Merge();

    protected Parameter AddAdapterParameter(string name, Tensor initial, AdapterParameterKind kind) =>
        plumbing.AddAdapterParameter(name, initial, kind);

    protected override void RegisterComponents()
    {
    }

    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        plumbing.Move(dtype, device, non_blocking);
        if (device is not null)
        {
            _deviceType = device.type;
            _deviceIndex = device.type == DeviceType.CUDA ? device.index : -1;
        }
    }

    public override void train(bool train = true)
    {
        base.train(train);
        Base.train(train);
    }
}
