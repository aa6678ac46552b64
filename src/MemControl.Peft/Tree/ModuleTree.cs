using System.Reflection;
using MemControl.Peft.Layers;
using TorchSharp;
using TorchSharp.Utils;
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
    /// Puts <paramref name="replacement"/> where the module at <paramref name="path"/> is: into the parent's field that
    /// holds it (found by field name or [ComponentName]) or into the parent ModuleList's slot, and into the parent's
    /// registered children under the same name and at the same position, so state-dict keys and order stay as they were.
    /// Returns the module that was there.
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

        if (IsModuleList(parent.GetType()) && int.TryParse(name, out var index))
        {
            var indexer = parent.GetType().GetProperty("Item", [typeof(int)])!;
            if (!indexer.PropertyType.IsInstanceOfType(replacement))
            {
                throw new InvalidOperationException(
                    $"cannot attach at '{path}': the ModuleList holds {indexer.PropertyType.Name}, not {replacement.GetType().Name}");
            }

            indexer.SetValue(parent, replacement, [index]);
        }
        else
        {
            var field = FieldHolding(parent.GetType(), name)
                ?? throw new InvalidOperationException($"cannot attach at '{path}': {parent.GetType().Name} has no field named '{name}'");
            if (!field.FieldType.IsInstanceOfType(replacement))
            {
                throw new InvalidOperationException(
                    $"cannot attach at '{path}': field {parent.GetType().Name}.{field.Name} is typed {field.FieldType.Name}; " +
                    "PEFT needs it typed as a generic module interface (e.g. Module<Tensor, Tensor>) to substitute a wrapper");
            }

            field.SetValue(parent, replacement);
        }

        RegisteredChildren(parent)[name] = replacement;
        if (!ReferenceEquals(holder, parent))
        {
            RegisteredChildren(holder)[name] = replacement;
        }

        return original;
    }

    private static bool IsModuleList(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ModuleList<>))
            {
                return true;
            }
        }

        return false;
    }

    private static FieldInfo? FieldHolding(Type type, string componentName)
    {
        for (var current = type; current is not null && current != typeof(nn.Module); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var attributeName = field.GetCustomAttribute<ComponentNameAttribute>()?.Name;
                if ((attributeName ?? field.Name) == componentName)
                {
                    return field;
                }
            }
        }

        return null;
    }

    // TorchSharp keeps registered children in a protected ordered dictionary; its indexer replaces in place (order kept).
    private static OrderedDict<string, nn.Module> RegisteredChildren(nn.Module module)
    {
        var field = typeof(nn.Module).GetField("_internal_submodules", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("this TorchSharp version keeps no _internal_submodules; module substitution needs it");
        return (OrderedDict<string, nn.Module>)field.GetValue(module)!;
    }
}
