using Ferry.Weaver.Instrumentation;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Interception;

/// <summary>Applies <see cref="InterceptionTable"/> to every method body of an app module.</summary>
public sealed class InterceptionRewriter
{
    private readonly RuntimeApi _api;
    private readonly Dictionary<string, MethodReference> _imported = new();

    public InterceptionRewriter(RuntimeApi api) => _api = api;

    public int Count { get; private set; }

    public void Rewrite(MethodDefinition method)
    {
        if (!method.HasBody) return;
        foreach (var ins in method.Body.Instructions)
        {
            if (ins.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj)) continue;
            var target = (MethodReference)ins.Operand;
            var declaring = target.DeclaringType is GenericInstanceType g ? g.ElementType : target.DeclaringType;
            var rule = InterceptionTable.Find(declaring.FullName, target.Name, target.Parameters.Select(p => p.ParameterType.FullName));
            if (rule is null) continue;
            if (rule.Virtual && ins.OpCode.Code == Code.Call) continue;
            var shimParameters = new List<string>();
            if (target.HasThis && ins.OpCode.Code != Code.Newobj) shimParameters.Add(ThisKey(target.DeclaringType));
            shimParameters.AddRange(rule.Parameters);
            var shim = Import(rule, shimParameters);
            // A generic shim takes the declaring type's arguments, then the method's (Task<T>.Result, Task.Run<T>).
            var arguments = new List<TypeReference>();
            if (target.DeclaringType is GenericInstanceType instance) arguments.AddRange(instance.GenericArguments);
            if (target is GenericInstanceMethod genericMethod) arguments.AddRange(genericMethod.GenericArguments);
            if (shim.HasGenericParameters)
            {
                if (shim.GenericParameters.Count != arguments.Count)
                    throw new WeavingException($"shim {rule.ShimType}.{rule.ShimMethod} takes {shim.GenericParameters.Count} type arguments, the call has {arguments.Count}");
                var generic = new GenericInstanceMethod(shim);
                foreach (var a in arguments) generic.GenericArguments.Add(a);
                shim = generic;
            }
            // A constrained. prefix only applies to callvirt; the shim is a plain static call.
            if (ins.Previous is { OpCode.Code: Code.Constrained } prefix)
            {
                prefix.OpCode = OpCodes.Nop;
                prefix.Operand = null;
            }
            ins.OpCode = OpCodes.Call;
            ins.Operand = shim;
            Count++;
        }
    }

    /// <summary>
    /// The instance parameter of a shim: the declaring type, its generic parameters becoming the shim's
    /// own (<c>!!n</c>), taken by reference when it is a value type.
    /// </summary>
    private static string ThisKey(TypeReference declaring)
    {
        var key = declaring is GenericInstanceType g
            ? $"{g.ElementType.FullName}<{string.Join(",", g.GenericArguments.Select((_, i) => $"!!{i}"))}>"
            : declaring.FullName;
        return declaring.IsValueType ? key + "&" : key;
    }

    private MethodReference Import(InterceptionRule rule, List<string> parameters)
    {
        var key = rule.ShimType + "::" + rule.ShimMethod + "(" + string.Join(",", parameters) + ")";
        if (!_imported.TryGetValue(key, out var method))
            _imported[key] = method = _api.ImportShim(rule.ShimType, rule.ShimMethod, parameters);
        return method;
    }
}
