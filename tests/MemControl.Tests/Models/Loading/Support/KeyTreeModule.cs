using static TorchSharp.torch;

namespace MemControl.Tests.Models.Loading.Support;

/// <summary>
/// A module whose state dict has exactly the given keys and shapes: "a.b.weight" becomes sub-module a, sub-module b,
/// parameter weight. Lets the loader be tested against real checkpoint key sets (the parity fixtures) before the real
/// model classes exist. Floating tensors are parameters (trainable unless told otherwise); others are buffers.
/// </summary>
public sealed class KeyTreeModule : nn.Module
{
    public KeyTreeModule() : base(nameof(KeyTreeModule))
    {
    }

    public static KeyTreeModule Build(IEnumerable<(string Key, long[] Shape)> keys, ScalarType dtype = ScalarType.Float32, bool requiresGrad = true)
    {
        var root = new KeyTreeModule();
        foreach (var (key, shape) in keys)
        {
            var parts = key.Split('.');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = node.Child(part);
            }

            var value = zeros(shape, dtype);
            if (value.is_floating_point())
            {
                node.register_parameter(parts[^1], nn.Parameter(value, requiresGrad));
            }
            else
            {
                node.register_buffer(parts[^1], value);
            }
        }

        return root;
    }

    private KeyTreeModule Child(string name)
    {
        var existing = named_children().FirstOrDefault(c => c.name == name).module;
        if (existing is KeyTreeModule child)
        {
            return child;
        }

        child = new KeyTreeModule();
        register_module(name, child);
        return child;
    }
}
