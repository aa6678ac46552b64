using MemControl.Peft.Layers;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MemControl.Peft.Tree;

/// <summary>
/// Walks a TorchSharp module tree by module path (the checkpoint key prefix, e.g.
/// <c>down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k</c>) and substitutes one module for another in place.
/// PEFT attaches by path, never by class, so this is the only place that touches a model's structure.
/// </summary>
public static class ModuleTree
{
    /// <summary>Every module under <paramref name="root"/> with its path (the root itself has the empty path), parents first.</summary>
    public static IEnumerable<(string Path, nn.Module Module)> Modules(nn.Module root)
    {
        yield return ("", root);
        foreach (var (name, child) in root.named_children())
        {
            foreach (var (path, module) in Modules(child))
            {
                yield return (path.Length == 0 ? name : $"{name}.{path}", module);
            }
        }
    }

    /// <summary>The module at <paramref name="path"/>; throws <see cref="ArgumentException"/> naming the path when absent.</summary>
    public static nn.Module Find(nn.Module root, string path)
    {
        var module = root;
        if (path.Length == 0)
        {
            return module;
        }

        foreach (var name in path.Split('.'))
        {
            var child = module.named_children().FirstOrDefault(c => c.name == name).module;
            module = child ?? throw new ArgumentException($"the model has no module at path '{path}' (no child '{name}')", nameof(path));
        }

        return module;
    }

    /// <summary>The parameter <paramref name="name"/> registered directly on the module at <paramref name="modulePath"/>.</summary>
    public static Parameter FindParameter(nn.Module root, string modulePath, string name)
    {
        var module = Find(root, modulePath);
        foreach (var (parameterName, parameter) in module.named_parameters(recurse: false))
        {
            if (parameterName == name)
            {
                return parameter;
            }
        }

        throw new ArgumentException($"the module at '{modulePath}' has no parameter '{name}'", nameof(name));
    }

    /// <summary>Joins a module path and a name with a dot (the empty path is the root).</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// Puts <paramref name="replacement"/> where the module at <paramref name="path"/> is: into the parent's field or
    /// ModuleList slot that holds it (<see cref="ChildReference"/>) and into the parent's registered children under the
    /// same name and at the same position, so state-dict keys and their order stay as they were. Returns the module that
    /// was there.
    /// </summary>
    public static nn.Module Substitute(nn.Module root, string path, nn.Module replacement)
    {
        var split = path.LastIndexOf('.');
        var parentPath = split < 0 ? "" : path[..split];
        var name = split < 0 ? path : path[(split + 1)..];
        if (name.Length == 0)
        {
            throw new ArgumentException("the root module cannot be substituted", nameof(path));
        }

        var holder = Find(root, parentPath);
        // A parent that is itself a PEFT layer mirrors its base module's children: change the base module, then the mirror.
        var parent = holder is IPeftLayer layer ? layer.Base : holder;
        var original = Find(parent, name);

        ChildReference.Set(parent, name, replacement, path);
        Reregister(parent, name, replacement);
        if (!ReferenceEquals(holder, parent))
        {
            Reregister(holder, name, replacement);
        }

        return original;
    }

    // TorchSharp's public register_module appends (and refuses a taken name) and removes with null, so the child and the
    // siblings after it are registered again in their order: the replacement takes the child's place.
    private static void Reregister(nn.Module parent, string name, nn.Module replacement)
    {
        var children = parent.named_children().ToList();
        var position = children.FindIndex(child => child.name == name);
        var tail = children.Skip(position).ToList();
        foreach (var (childName, _) in tail)
        {
            parent.register_module(childName, null!);
        }

        foreach (var (childName, child) in tail)
        {
            parent.register_module(childName, childName == name ? replacement : child);
        }
    }
}
