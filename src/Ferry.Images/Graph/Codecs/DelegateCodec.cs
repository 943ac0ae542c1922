using System.Reflection;

namespace Ferry.Images.Graph;

/// <summary>
/// Delegates, written where first referenced: for each entry of the invocation list, the target
/// (a reference) and the method (declaring type, name, generic arguments, parameter type names).
/// Read back with Delegate.CreateDelegate; the declaring type must be allowed in images.
/// </summary>
internal sealed class DelegateCodec(Type type) : TypeCodec(type, CodecKind.Delegate)
{
    private const BindingFlags AllDeclared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var list = ((Delegate)value).GetInvocationList();
        w.WriteVarUInt((ulong)list.Length);
        foreach (var d in list)
        {
            var method = d.Method;
            if (method.DeclaringType is null || method is System.Reflection.Emit.DynamicMethod || method.GetType().Name.Contains("Dynamic", StringComparison.Ordinal))
            {
                throw new TypeRefusedException(Type, $"a {TypeNames.Display(Type)} points to generated code ({method.Name}), which cannot be restored");
            }
            w.WriteRef(d.Target);
            w.WriteTypeRef(method.DeclaringType);
            w.WriteUtf8(method.Name);
            var generic = method.IsGenericMethod ? method.GetGenericArguments() : [];
            w.WriteVarUInt((ulong)generic.Length);
            foreach (var g in generic)
            {
                w.WriteTypeRef(g);
            }
            var parameters = method.GetParameters();
            w.WriteVarUInt((ulong)parameters.Length);
            foreach (var p in parameters)
            {
                w.WriteUtf8(SignatureName(p.ParameterType));
            }
        }
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        int count = (int)r.ReadCount(4, 1 << 16);
        if (count == 0)
        {
            throw r.Bad("a delegate without methods");
        }
        var parts = new Delegate[count];
        for (int i = 0; i < count; i++)
        {
            object? target = r.ReadRef();
            Type declaring = r.ReadTypeRef().Type;
            string name = r.ReadUtf8(1024);
            var generic = new Type[r.ReadCount(1, 64)];
            for (int g = 0; g < generic.Length; g++)
            {
                generic[g] = r.ReadTypeRef().Type;
            }
            var parameterNames = new string[r.ReadCount(1, 256)];
            for (int p = 0; p < parameterNames.Length; p++)
            {
                parameterNames[p] = r.ReadUtf8(4096);
            }
            var method = FindMethod(declaring, name, generic, parameterNames)
                ?? throw new ImageFormatException($"method {TypeNames.Display(declaring)}.{name} of a {TypeNames.Display(Type)} does not exist here (a different build?)");
            parts[i] = CreateDelegate(method, target)
                ?? throw r.Bad($"a {TypeNames.Display(Type)} cannot be bound to {TypeNames.Display(declaring)}.{name}");
        }
        return count == 1 ? parts[0] : Delegate.Combine(parts)!;
    }

    private Delegate? CreateDelegate(MethodInfo method, object? target)
    {
        try
        {
            return Delegate.CreateDelegate(Type, target, method, throwOnBindFailure: false);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static MethodInfo? FindMethod(Type declaring, string name, Type[] generic, string[] parameterNames)
    {
        if (declaring.IsGenericTypeDefinition)
        {
            return null;
        }
        foreach (var m in declaring.GetMethods(AllDeclared))
        {
            if (m.Name != name || (m.IsGenericMethodDefinition ? m.GetGenericArguments().Length : 0) != generic.Length)
            {
                continue;
            }
            MethodInfo candidate = m;
            if (generic.Length > 0)
            {
                try
                {
                    candidate = m.MakeGenericMethod(generic);
                }
                catch (ArgumentException)
                {
                    continue;
                }
            }
            var ps = candidate.GetParameters();
            if (ps.Length == parameterNames.Length && ps.Select(p => SignatureName(p.ParameterType)).SequenceEqual(parameterNames))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Parameter types are only compared, never resolved, so they need not be allowed in images.</summary>
    private static string SignatureName(Type t) => t.ToString();
}
