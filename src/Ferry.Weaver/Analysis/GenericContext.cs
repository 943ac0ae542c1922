using Mono.Cecil;

namespace Ferry.Weaver.Analysis;

/// <summary>
/// Substitutes generic parameters of a member reference's declaring type (<c>!0</c>) and method
/// (<c>!!0</c>) with the arguments of its instantiation, so that <c>List&lt;int&gt;.get_Item</c>
/// is known to return <c>int</c>.
/// </summary>
public static class GenericContext
{
    public static TypeReference Resolve(TypeReference type, MemberReference member)
    {
        var typeArgs = (member.DeclaringType as GenericInstanceType)?.GenericArguments;
        var methodArgs = (member as GenericInstanceMethod)?.GenericArguments;
        return Substitute(type, typeArgs, methodArgs);
    }

    /// <summary>Field or array element type as seen through a generic instance declaring type.</summary>
    public static TypeReference Substitute(TypeReference type, IList<TypeReference>? typeArgs, IList<TypeReference>? methodArgs)
    {
        switch (type)
        {
            case GenericParameter gp when gp.Type == GenericParameterType.Type && typeArgs is not null && gp.Position < typeArgs.Count:
                return typeArgs[gp.Position];
            case GenericParameter gp when gp.Type == GenericParameterType.Method && methodArgs is not null && gp.Position < methodArgs.Count:
                return methodArgs[gp.Position];
            case ByReferenceType br:
                return new ByReferenceType(Substitute(br.ElementType, typeArgs, methodArgs));
            case PointerType pt:
                return new PointerType(Substitute(pt.ElementType, typeArgs, methodArgs));
            case ArrayType at:
            {
                var element = Substitute(at.ElementType, typeArgs, methodArgs);
                if (at.IsVector) return new ArrayType(element);
                var result = new ArrayType(element, at.Rank);
                return result;
            }
            case GenericInstanceType git:
            {
                var changed = false;
                var args = new List<TypeReference>();
                foreach (var a in git.GenericArguments)
                {
                    var s = Substitute(a, typeArgs, methodArgs);
                    changed |= !ReferenceEquals(s, a);
                    args.Add(s);
                }
                if (!changed) return git;
                var inst = new GenericInstanceType(git.ElementType);
                foreach (var a in args) inst.GenericArguments.Add(a);
                return inst;
            }
            case RequiredModifierType rm:
                return Substitute(rm.ElementType, typeArgs, methodArgs);
            case OptionalModifierType om:
                return Substitute(om.ElementType, typeArgs, methodArgs);
            default:
                return type;
        }
    }
}
