using Mono.Cecil;

namespace Ferry.Weaver.Analysis;

/// <summary>Questions about a type that must look through custom modifiers (modreq/modopt).</summary>
public static class TypeShapes
{
    /// <summary>The type without its modreq/modopt wrappers (an init-only setter returns <c>void modreq(IsExternalInit)</c>).</summary>
    public static TypeReference Unmodified(TypeReference type)
    {
        while (type is IModifierType modified) type = modified.ElementType;
        return type;
    }

    public static bool IsVoid(TypeReference type) => Unmodified(type).MetadataType == MetadataType.Void;
}
