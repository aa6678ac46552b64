using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MemControl.Tests.Models.Runtime;

/// <summary>
/// Keeps issue 20 item 6 fixed: no src assembly may hand libtorch a TorchSharp Scalar that only the finalizer frees.
/// Rule: a call is refused when it is Scalar's implicit conversion, or a TorchSharp method whose body (or a TorchSharp
/// method it calls) makes such a Scalar itself — <c>tensor + x</c>, <c>tensor * 2f</c>, <c>add(other)</c>'s alpha,
/// <c>arange(stop)</c>, <c>square()</c>. The list comes from TorchSharp's own IL, so a new TorchSharp version is checked
/// too. Use MemControl.Models.Runtime.TensorArithmetic, or <c>using var s = x.ToScalar()</c> for other ops.
/// </summary>
public sealed class ScalarSafetyTests
{
    [Fact]
    public void No_src_assembly_calls_TorchSharp_with_a_Scalar_left_to_the_finalizer()
    {
        // Given every src assembly beside the tests (the CLI is memcontrol.dll) and the TorchSharp they call
        var directory = AppContext.BaseDirectory;
        var assemblies = Directory.GetFiles(directory, "MemControl.*.dll")
            .Where(path => !Path.GetFileName(path).StartsWith("MemControl.Tests", StringComparison.Ordinal))
            .Append(Path.Combine(directory, "memcontrol.dll"))
            .ToList();
        Assert.Contains(assemblies, path => path.EndsWith("MemControl.Models.dll", StringComparison.Ordinal));
        var risky = RiskyTorchSharpMethods(Path.Combine(directory, "TorchSharp.dll"));
        Assert.Contains("Tensor.op_Addition(Tensor,Tensor)", risky);   // the rule still sees the known case

        // When
        var offenders = assemblies.SelectMany(path => CallsInto(path, risky)).ToList();

        // Then
        Assert.True(offenders.Count == 0, "Scalars left to the finalizer:\n" + string.Join("\n", offenders));
    }

    /// <summary>
    /// TorchSharp methods that convert a number to a Scalar implicitly, directly or through other TorchSharp methods,
    /// keyed as <c>Type.Method(ParameterTypes)</c>; Scalar.op_Implicit itself included.
    /// </summary>
    private static HashSet<string> RiskyTorchSharpMethods(string torchSharpPath)
    {
        using var pe = new PEReader(File.OpenRead(torchSharpPath));
        var reader = pe.GetMetadataReader();
        var keys = new Dictionary<MethodDefinitionHandle, string>();
        var callees = new Dictionary<MethodDefinitionHandle, List<MethodDefinitionHandle>>();
        var risky = new HashSet<MethodDefinitionHandle>();
        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            keys[handle] = Key(reader, method.GetDeclaringType(), method.Name, method.DecodeSignature(NameProvider.Instance, null));
            if (keys[handle].StartsWith("Scalar.op_Implicit(", StringComparison.Ordinal))
            {
                risky.Add(handle);
            }

            callees[handle] = method.RelativeVirtualAddress == 0
                ? []
                : CalledTokens(pe.GetMethodBody(method.RelativeVirtualAddress))
                    .Select(token => Resolve(reader, MetadataTokens.EntityHandle(token)))
                    .Where(called => called.Kind == HandleKind.MethodDefinition)
                    .Select(called => (MethodDefinitionHandle)called)
                    .ToList();
        }

        // Whatever calls a risky method is risky: op_Addition(Tensor, Tensor) → add(Tensor) → add(target, 1).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (handle, called) in callees)
            {
                if (!risky.Contains(handle) && called.Any(risky.Contains))
                {
                    risky.Add(handle);
                    changed = true;
                }
            }
        }

        return risky.Select(handle => keys[handle]).ToHashSet();
    }

    /// <summary>"Type.Method  (key)" for each call in the assembly at <paramref name="path"/> to a risky TorchSharp method.</summary>
    private static IEnumerable<string> CallsInto(string path, HashSet<string> risky)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                foreach (var token in CalledTokens(pe.GetMethodBody(method.RelativeVirtualAddress)))
                {
                    var called = Resolve(reader, MetadataTokens.EntityHandle(token));
                    if (called.Kind == HandleKind.MemberReference
                        && reader.GetMemberReference((MemberReferenceHandle)called) is { Parent.Kind: HandleKind.TypeReference } member
                        && member.GetKind() == MemberReferenceKind.Method)
                    {
                        var key = Key(reader, (TypeReferenceHandle)member.Parent, member.Name, member.DecodeMethodSignature(NameProvider.Instance, null));
                        if (risky.Contains(key))
                        {
                            found.Add($"{Path.GetFileName(path)}: {reader.GetString(type.Name)}.{reader.GetString(method.Name)} calls {key}");
                        }
                    }
                }
            }
        }

        return found;
    }

    /// <summary>A method or member reference; a generic method instantiation resolves to the method it instantiates.</summary>
    private static EntityHandle Resolve(MetadataReader reader, EntityHandle handle) =>
        handle.Kind == HandleKind.MethodSpecification ? reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method : handle;

    private static string Key(MetadataReader reader, TypeDefinitionHandle type, StringHandle name, MethodSignature<string> signature) =>
        $"{reader.GetString(reader.GetTypeDefinition(type).Name)}.{reader.GetString(name)}({string.Join(",", signature.ParameterTypes)})";

    private static string Key(MetadataReader reader, TypeReferenceHandle type, StringHandle name, MethodSignature<string> signature) =>
        $"{reader.GetString(reader.GetTypeReference(type).Name)}.{reader.GetString(name)}({string.Join(",", signature.ParameterTypes)})";

    /// <summary>The metadata tokens of the call, callvirt and newobj instructions in a method body.</summary>
    private static IEnumerable<int> CalledTokens(MethodBodyBlock body)
    {
        var il = body.GetILReader();
        var tokens = new List<int>();
        while (il.RemainingBytes > 0)
        {
            int value = il.ReadByte();
            if (value == 0xFE)
            {
                value = 0xFE00 | il.ReadByte();
            }

            var code = OpCodesByValue[(ushort)value];
            if (code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj)
            {
                tokens.Add(il.ReadInt32());
                continue;
            }

            if (code.OperandType == OperandType.InlineSwitch)
            {
                var targets = il.ReadInt32();
                il.Offset += 4 * targets;
                continue;
            }

            il.Offset += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                _ => 4,
            };
        }

        return tokens;
    }

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => (ushort)code.Value);

    /// <summary>Signature types by simple name (nested types without their parent), enough to tell overloads apart.</summary>
    private sealed class NameProvider : ISignatureTypeProvider<string, object?>
    {
        public static readonly NameProvider Instance = new();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
    }
}
