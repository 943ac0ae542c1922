using System.Reflection;
using System.Reflection.Emit;

namespace Ferry.Images.Graph;

/// <summary>
/// Compiled access to the private slot layout of <see cref="Dictionary{TKey, TValue}"/> and
/// <see cref="HashSet{T}"/>, so that a restored table has its entries in the same slots, the same free
/// list and version as the original, and later insertions, removals and enumerations behave exactly as
/// they would have in the original process. Exactly these private members are touched, nothing else:
/// <list type="bullet">
/// <item>table: <c>_buckets</c>, <c>_entries</c>, <c>_count</c>, <c>_freeList</c>, <c>_freeCount</c>, <c>_version</c>, <c>_comparer</c>
/// (<c>_fastModMultiplier</c> is set by <c>EnsureCapacity</c>, never directly);</item>
/// <item>entry: <c>hashCode</c>, <c>next</c>, <c>key</c>, <c>value</c> (Dictionary) or <c>HashCode</c>, <c>Next</c>, <c>Value</c> (HashSet).</item>
/// </list>
/// Missing members (another runtime's layout) make <see cref="ForDictionary"/>/<see cref="ForHashSet"/>
/// return null; codecs then fall back to writing entries in enumeration order.
/// </summary>
internal sealed class HashTableFields
{
    /// <summary>A free entry's <c>next</c> is <c>StartOfFreeList - nextFreeIndex</c> (-1 ends the list), as in the runtime.</summary>
    public const int StartOfFreeList = -3;

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;

    private readonly Type _table;
    private readonly Type _entry;
    private readonly FieldInfo _buckets, _entries, _count, _freeList, _freeCount, _version, _comparer;
    private readonly FieldInfo _hashCode, _next;
    private readonly FieldInfo[] _payload;

    private HashTableFields(Type table, Type entry, FieldInfo[] tableFields, FieldInfo hashCode, FieldInfo next, FieldInfo[] payload)
    {
        _table = table;
        _entry = entry;
        (_buckets, _entries, _count, _freeList, _freeCount, _version, _comparer) =
            (tableFields[0], tableFields[1], tableFields[2], tableFields[3], tableFields[4], tableFields[5], tableFields[6]);
        _hashCode = hashCode;
        _next = next;
        _payload = payload;
        ReadState = (HashTableStateReader)EmitReadState().CreateDelegate(typeof(HashTableStateReader));
        WriteState = (HashTableStateWriter)EmitWriteState().CreateDelegate(typeof(HashTableStateWriter));
        ReadNext = (EntryNextReader)EmitReadNext().CreateDelegate(typeof(EntryNextReader));
        WriteNext = (EntryNextWriter)EmitWriteNext().CreateDelegate(typeof(EntryNextWriter));
    }

    /// <summary>Reads the table's slot state.</summary>
    public HashTableStateReader ReadState { get; }

    /// <summary>Sets used slots, free list head, free count and version.</summary>
    public HashTableStateWriter WriteState { get; }

    /// <summary>An entry's <c>next</c> (bucket chain, or the encoded free list for free entries).</summary>
    public EntryNextReader ReadNext { get; }

    public EntryNextWriter WriteNext { get; }

    public static HashTableFields? ForDictionary(Type dictionary) => Find(dictionary, "hashCode", "next", "key", "value");

    public static HashTableFields? ForHashSet(Type set) => Find(set, "HashCode", "Next", "Value");

    /// <summary>Writes a whole live entry: hash code, chain link and payload (key and value, or the item).</summary>
    public TDelegate EntryWriter<TDelegate>() where TDelegate : Delegate
    {
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var dm = new DynamicMethod($"ferry_entry_{_table.Name}", typeof(void), parameters, typeof(HashTableFields).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        var entry = il.DeclareLocal(_entry.MakeByRefType());
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, _entry.MakeArrayType());
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldelema, _entry);
        il.Emit(OpCodes.Stloc, entry);
        FieldInfo[] fields = [_hashCode, _next, .. _payload];
        for (int i = 0; i < fields.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, entry);
            il.Emit(OpCodes.Ldarg, i + 2);
            il.Emit(OpCodes.Stfld, fields[i]);
        }
        il.Emit(OpCodes.Ret);
        return (TDelegate)dm.CreateDelegate(typeof(TDelegate));
    }

    private static HashTableFields? Find(Type table, string hashCode, string next, params string[] payload)
    {
        string[] names = ["_buckets", "_entries", "_count", "_freeList", "_freeCount", "_version", "_comparer"];
        var tableFields = names.Select(n => table.GetField(n, Instance)).ToArray();
        if (tableFields.Any(f => f is null) || tableFields[1]!.FieldType is not { IsArray: true } entriesType)
        {
            return null;
        }
        var entry = entriesType.GetElementType()!;
        var h = entry.GetField(hashCode, Instance);
        var n = entry.GetField(next, Instance);
        var p = payload.Select(name => entry.GetField(name, Instance)).ToArray();
        bool ints = new[] { 2, 3, 4, 5 }.All(i => tableFields[i]!.FieldType == typeof(int));
        if (h is null || n is null || p.Any(f => f is null) || !ints || tableFields[0]!.FieldType != typeof(int[])
            || n.FieldType != typeof(int) || (h.FieldType != typeof(int) && h.FieldType != typeof(uint)))
        {
            return null;
        }
        return new HashTableFields(table, entry, tableFields!, h, n, p!);
    }

    private DynamicMethod EmitReadState()
    {
        var dm = new DynamicMethod($"ferry_state_{_table.Name}", typeof(HashTableState), [typeof(object)], typeof(HashTableFields).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        var state = il.DeclareLocal(typeof(HashTableState));
        var table = il.DeclareLocal(_table);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, _table);
        il.Emit(OpCodes.Stloc, table);
        foreach (var (from, to) in new[]
        {
            (_buckets, nameof(HashTableState.Buckets)), (_entries, nameof(HashTableState.Entries)), (_count, nameof(HashTableState.Count)),
            (_freeList, nameof(HashTableState.FreeList)), (_freeCount, nameof(HashTableState.FreeCount)), (_version, nameof(HashTableState.Version)),
            (_comparer, nameof(HashTableState.Comparer)),
        })
        {
            il.Emit(OpCodes.Ldloca, state);
            il.Emit(OpCodes.Ldloc, table);
            il.Emit(OpCodes.Ldfld, from);
            il.Emit(OpCodes.Stfld, typeof(HashTableState).GetField(to)!);
        }
        il.Emit(OpCodes.Ldloc, state);
        il.Emit(OpCodes.Ret);
        return dm;
    }

    private DynamicMethod EmitWriteState()
    {
        var dm = new DynamicMethod($"ferry_setstate_{_table.Name}", typeof(void), [typeof(object), typeof(int), typeof(int), typeof(int), typeof(int)], typeof(HashTableFields).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        FieldInfo[] targets = [_count, _freeList, _freeCount, _version];
        for (int i = 0; i < targets.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Castclass, _table);
            il.Emit(OpCodes.Ldarg, i + 1);
            il.Emit(OpCodes.Stfld, targets[i]);
        }
        il.Emit(OpCodes.Ret);
        return dm;
    }

    private DynamicMethod EmitReadNext()
    {
        var dm = new DynamicMethod($"ferry_next_{_table.Name}", typeof(int), [typeof(Array), typeof(int)], typeof(HashTableFields).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, _entry.MakeArrayType());
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldelema, _entry);
        il.Emit(OpCodes.Ldfld, _next);
        il.Emit(OpCodes.Ret);
        return dm;
    }

    private DynamicMethod EmitWriteNext()
    {
        var dm = new DynamicMethod($"ferry_setnext_{_table.Name}", typeof(void), [typeof(Array), typeof(int), typeof(int)], typeof(HashTableFields).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, _entry.MakeArrayType());
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldelema, _entry);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Stfld, _next);
        il.Emit(OpCodes.Ret);
        return dm;
    }
}
