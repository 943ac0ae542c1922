using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;

namespace Ferry.Images.Graph;

/// <summary>
/// Compiles a <see cref="FlatLayout"/> into IL once per type: straight-line field loads/stores with the
/// fixed part written through one reserved span, no reflection per object.
/// </summary>
internal static class LayoutEmitter
{
    private enum Instance
    {
        /// <summary>arg1 is an object reference to the class instance.</summary>
        Class,
        /// <summary>arg1 is a boxed struct; unbox to reach it.</summary>
        Box,
        /// <summary>arg1 is a managed pointer to the value.</summary>
        ByRef,
    }

    private static readonly MethodInfo Reserve = typeof(GraphEncoder).GetMethod(nameof(GraphEncoder.Reserve), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
    private static readonly MethodInfo WriteRef = typeof(GraphEncoder).GetMethod(nameof(GraphEncoder.WriteRef), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
    private static readonly MethodInfo WriteBig = typeof(GraphEncoder).GetMethod(nameof(GraphEncoder.WriteBigInteger), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
    private static readonly MethodInfo Prefetch = typeof(ObjectIdMap).GetMethod(nameof(ObjectIdMap.Prefetch))!;
    private static readonly MethodInfo Consume = typeof(GraphDecoder).GetMethod(nameof(GraphDecoder.Consume), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
    private static readonly MethodInfo ReadRef = typeof(GraphDecoder).GetMethod(nameof(GraphDecoder.ReadRef), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, Type.EmptyTypes)!;
    private static readonly MethodInfo ReadBig = typeof(GraphDecoder).GetMethod(nameof(GraphDecoder.ReadBigInteger), BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;

    public static ObjectWriter ClassWriter(Type type, FlatLayout layout) =>
        (ObjectWriter)EmitWriter(type, layout, Instance.Class, typeof(object)).CreateDelegate(typeof(ObjectWriter));

    public static RefPrefetcher ClassPrefetcher(Type type, FlatLayout layout)
    {
        var dm = new DynamicMethod($"ferry_prefetch_{type.Name}", typeof(void), [typeof(ObjectIdMap), typeof(object)], typeof(LayoutEmitter).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        foreach (var f in layout.Variable)
        {
            if (f.Kind == FieldKind.Ref)
            {
                il.Emit(OpCodes.Ldarg_0);
                LoadValue(il, type, Instance.Class, f);
                il.Emit(OpCodes.Call, Prefetch);
            }
        }
        il.Emit(OpCodes.Ret);
        return (RefPrefetcher)dm.CreateDelegate(typeof(RefPrefetcher));
    }

    public static ObjectReader ClassReader(Type type, FlatLayout layout) =>
        (ObjectReader)EmitReader(type, layout, Instance.Class, typeof(object)).CreateDelegate(typeof(ObjectReader));

    public static ObjectWriter BoxWriter(Type type, FlatLayout layout) =>
        (ObjectWriter)EmitWriter(type, layout, Instance.Box, typeof(object)).CreateDelegate(typeof(ObjectWriter));

    public static ObjectReader BoxReader(Type type, FlatLayout layout) =>
        (ObjectReader)EmitReader(type, layout, Instance.Box, typeof(object)).CreateDelegate(typeof(ObjectReader));

    public static ValueWriter ValueWriter(Type type, FlatLayout layout) =>
        (ValueWriter)EmitWriter(type, layout, Instance.ByRef, typeof(byte).MakeByRefType()).CreateDelegate(typeof(ValueWriter));

    public static ValueReader ValueReader(Type type, FlatLayout layout) =>
        (ValueReader)EmitReader(type, layout, Instance.ByRef, typeof(byte).MakeByRefType()).CreateDelegate(typeof(ValueReader));

    private static DynamicMethod EmitWriter(Type type, FlatLayout layout, Instance mode, Type arg1)
    {
        var dm = new DynamicMethod($"ferry_write_{type.Name}", typeof(void), [typeof(GraphEncoder), arg1], typeof(LayoutEmitter).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        if (layout.FixedSize > 0)
        {
            var dst = il.DeclareLocal(typeof(byte).MakeByRefType());
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, layout.FixedSize);
            il.Emit(OpCodes.Call, Reserve);
            il.Emit(OpCodes.Stloc, dst);
            foreach (var f in layout.Fixed)
            {
                il.Emit(OpCodes.Ldloc, dst);
                if (f.Offset != 0)
                {
                    il.Emit(OpCodes.Ldc_I4, f.Offset);
                    il.Emit(OpCodes.Add);
                }
                LoadValue(il, type, mode, f);
                il.Emit(OpCodes.Call, FieldKinds.PutMethod(f.Kind));
            }
        }
        foreach (var f in layout.Variable)
        {
            il.Emit(OpCodes.Ldarg_0);
            LoadValue(il, type, mode, f);
            il.Emit(OpCodes.Call, f.Kind == FieldKind.BigInteger ? WriteBig : WriteRef);
        }
        il.Emit(OpCodes.Ret);
        return dm;
    }

    private static DynamicMethod EmitReader(Type type, FlatLayout layout, Instance mode, Type arg1)
    {
        var dm = new DynamicMethod($"ferry_read_{type.Name}", typeof(void), [typeof(GraphDecoder), arg1], typeof(LayoutEmitter).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        if (layout.FixedSize > 0)
        {
            var src = il.DeclareLocal(typeof(byte).MakeByRefType());
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, layout.FixedSize);
            il.Emit(OpCodes.Call, Consume);
            il.Emit(OpCodes.Stloc, src);
            foreach (var f in layout.Fixed)
            {
                LoadTarget(il, type, mode, f);
                il.Emit(OpCodes.Ldloc, src);
                if (f.Offset != 0)
                {
                    il.Emit(OpCodes.Ldc_I4, f.Offset);
                    il.Emit(OpCodes.Add);
                }
                il.Emit(OpCodes.Call, FieldKinds.GetMethod(f.Kind));
                Store(il, type, f);
            }
        }
        foreach (var f in layout.Variable)
        {
            LoadTarget(il, type, mode, f);
            il.Emit(OpCodes.Ldarg_0);
            if (f.Kind == FieldKind.BigInteger)
            {
                il.Emit(OpCodes.Call, ReadBig);
            }
            else
            {
                il.Emit(OpCodes.Call, ReadRef);
                // The image decides which object lands here: the cast keeps the field's type honest.
                if (f.LeafType != typeof(object))
                {
                    il.Emit(OpCodes.Castclass, f.LeafType);
                }
            }
            Store(il, type, f);
        }
        il.Emit(OpCodes.Ret);
        return dm;
    }

    private static void LoadInstance(ILGenerator il, Type type, Instance mode)
    {
        il.Emit(OpCodes.Ldarg_1);
        if (mode == Instance.Box)
        {
            il.Emit(OpCodes.Unbox, type);
        }
    }

    /// <summary>Pushes the field's value.</summary>
    private static void LoadValue(ILGenerator il, Type type, Instance mode, FlatField f)
    {
        LoadInstance(il, type, mode);
        if (f.Path.Length == 0)
        {
            il.Emit(OpCodes.Ldobj, type);
            return;
        }
        for (int i = 0; i < f.Path.Length - 1; i++)
        {
            il.Emit(OpCodes.Ldflda, f.Path[i]);
        }
        il.Emit(OpCodes.Ldfld, f.Path[^1]);
    }

    /// <summary>Pushes what <see cref="Store"/> needs under the value: the object or address holding the last field.</summary>
    private static void LoadTarget(ILGenerator il, Type type, Instance mode, FlatField f)
    {
        LoadInstance(il, type, mode);
        for (int i = 0; i < f.Path.Length - 1; i++)
        {
            il.Emit(OpCodes.Ldflda, f.Path[i]);
        }
    }

    private static void Store(ILGenerator il, Type type, FlatField f)
    {
        if (f.Path.Length == 0)
        {
            il.Emit(OpCodes.Stobj, type);
        }
        else
        {
            il.Emit(OpCodes.Stfld, f.Path[^1]);
        }
    }

    internal static bool IsBigInteger(Type t) => t == typeof(BigInteger);
}
