using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace MemControl.Peft.Tree;

/// <summary>
/// The one place PEFT uses reflection on a model: pointing the C# reference a parent's forward calls at another child.
/// TorchSharp modules call their children through their own C# fields (or a ModuleList's slots); unlike PyTorch's
/// <c>setattr(parent, name, child)</c>, TorchSharp 0.107's public <c>register_module</c> only changes the registered-children
/// table (what state_dict, parameters and <c>to</c> see), not the field the parent's forward reads. So the field is
/// written here; the registration itself goes through the public API (<see cref="ModuleTree.Substitute"/>).
/// </summary>
internal static class ChildReference
{
    /// <summary>
    /// Makes <paramref name="parent"/>'s field named <paramref name="name"/> (by field name or [ComponentName]), or its
    /// ModuleList slot <paramref name="name"/>, hold <paramref name="replacement"/>. <paramref name="path"/> is for errors.
    /// </summary>
    public static void Set(nn.Module parent, string name, nn.Module replacement, string path)
    {
        if (ListItemType(parent.GetType()) is { } itemType && int.TryParse(name, out var index))
        {
            if (!itemType.IsInstanceOfType(replacement))
            {
                throw new InvalidOperationException(
                    $"cannot attach at '{path}': the ModuleList holds {itemType.Name}, not {replacement.GetType().Name}");
            }

            // ModuleList<T>'s indexer is public but typed by T, unknown here.
            parent.GetType().GetProperty("Item", [typeof(int)])!.SetValue(parent, replacement, [index]);
            return;
        }

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

    private static Type? ListItemType(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ModuleList<>))
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
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
}
