using System.Reflection;

namespace Ferry.Images.Graph;

/// <summary>
/// The schema of a class or struct: every instance field (base classes first, struct fields flattened
/// into "outer.inner") with its kind. Encoded as the fixed fields packed in schema order, then the
/// variable ones in schema order.
/// </summary>
internal sealed class FlatLayout
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private FlatLayout(List<FlatField> fields)
    {
        int offset = 0;
        var all = new List<FlatField>(fields.Count);
        foreach (var f in fields)
        {
            if (FieldKinds.IsFixed(f.Kind))
            {
                all.Add(f with { Offset = offset });
                offset += FieldKinds.SizeOf(f.Kind);
            }
            else
            {
                all.Add(f);
            }
        }
        Fields = all;
        Fixed = all.Where(f => FieldKinds.IsFixed(f.Kind)).ToArray();
        Variable = all.Where(f => !FieldKinds.IsFixed(f.Kind)).ToArray();
        FixedSize = offset;
    }

    /// <summary>All fields in schema order.</summary>
    public IReadOnlyList<FlatField> Fields { get; }

    public IReadOnlyList<FlatField> Fixed { get; }

    public IReadOnlyList<FlatField> Variable { get; }

    public int FixedSize { get; }

    /// <summary>Least bytes one encoded instance takes (each variable field takes at least one).</summary>
    public int MinEncodedSize => FixedSize + Variable.Count;

    /// <summary>The layout of a class: fields of every class from the top base down.</summary>
    public static FlatLayout ForClass(Type type, Func<Type, bool> isAllowedStruct) => ForClassBelow(type, typeof(object), isAllowedStruct);

    /// <summary>The fields declared by the classes between <paramref name="stopAt"/> (excluded) and <paramref name="type"/>.</summary>
    public static FlatLayout ForClassBelow(Type type, Type stopAt, Func<Type, bool> isAllowedStruct)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != stopAt && t != typeof(object); t = t.BaseType)
        {
            chain.Add(t);
        }
        chain.Reverse();
        var fields = new List<FlatField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in chain)
        {
            foreach (var f in DeclaredFields(t))
            {
                string name = names.Add(f.Name) ? f.Name : $"{t.Name}.{f.Name}";
                names.Add(name);
                Flatten(f.FieldType, [f], name, fields, isAllowedStruct, type);
            }
        }
        return new FlatLayout(fields);
    }

    /// <summary>The layout of a struct value (or of a leaf value itself, with an empty path).</summary>
    public static FlatLayout ForValue(Type type, Func<Type, bool> isAllowedStruct)
    {
        var fields = new List<FlatField>();
        Flatten(type, [], "", fields, isAllowedStruct, type);
        return new FlatLayout(fields);
    }

    private static IEnumerable<FieldInfo> DeclaredFields(Type t) => t.GetFields(InstanceFields).OrderBy(f => f.MetadataToken);

    private static void Flatten(Type fieldType, FieldInfo[] path, string name, List<FlatField> into, Func<Type, bool> isAllowedStruct, Type owner)
    {
        if (fieldType.IsPointer || fieldType.IsFunctionPointer || fieldType.IsUnmanagedFunctionPointer || fieldType.IsByRef)
        {
            throw new TypeRefusedException(owner, $"field '{name}' of {TypeNames.Display(owner)} is a pointer ({TypeNames.Display(fieldType)}), which has no meaning in another process");
        }
        if (FieldKinds.LeafKindOf(fieldType) is { } kind)
        {
            if (fieldType.IsEnum && !isAllowedStruct(fieldType))
            {
                throw new TypeRefusedException(fieldType, $"enum {TypeNames.Display(fieldType)} (field '{name}' of {TypeNames.Display(owner)}) is not allowed in images");
            }
            into.Add(new FlatField(name, kind, path, fieldType));
            return;
        }
        if (!fieldType.IsValueType)
        {
            into.Add(new FlatField(name, FieldKind.Ref, path, fieldType));
            return;
        }
        if (fieldType.IsByRefLike || fieldType.ContainsGenericParameters)
        {
            throw new TypeRefusedException(fieldType, $"field '{name}' of {TypeNames.Display(owner)} has type {TypeNames.Display(fieldType)}, which cannot be stored");
        }
        if (!isAllowedStruct(fieldType))
        {
            // An enumerator held in a local is a struct field of the frame: say which one, not just "not allowed".
            string reason = CodecRegistry.RefusalOf(fieldType);
            string detail = reason == "type not allowed in images" ? "" : $": {reason}";
            throw new TypeRefusedException(fieldType, $"struct {TypeNames.Display(fieldType)} (field '{name}' of {TypeNames.Display(owner)}) is not allowed in images{detail}");
        }
        foreach (var f in DeclaredFields(fieldType))
        {
            Flatten(f.FieldType, [.. path, f], name.Length == 0 ? f.Name : $"{name}.{f.Name}", into, isAllowedStruct, owner);
        }
    }
}
