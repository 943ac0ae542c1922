using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// The non-generic Hashtable: comparer (null = none) and load factor where it is first referenced; version,
/// bucket count, count, keys and values in its body. Its buckets hold this process's hash codes, so the
/// table is rebuilt after the graph is read (the keys' fields may not be read before), in as many buckets
/// as it had: it grows (and counts a version for growing) when the original would. Its enumeration order
/// follows the keys' hash codes in the new process, as it already differs between two runs for string keys.
/// </summary>
internal sealed class HashtableCodec() : TypeCodec(typeof(Hashtable), CodecKind.Hashtable)
{
    // Hashtable keeps 0.72 times the load factor it was given (0.1 to 1.0).
    private const float MinLoadFactor = 0.072f;
    private const float MaxLoadFactor = 0.72f;

    private static readonly FieldInfo BucketsField = typeof(Hashtable).GetField("_buckets", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Hashtable has no _buckets field in this runtime");

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var table = (Hashtable)value;
        w.WriteRef(KeyComparer(table));
        w.WriteVarUInt(BitConverter.SingleToUInt32Bits(LoadFactor(table)));
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        var comparer = r.ReadRefAs<IEqualityComparer>();
        ulong bits = r.ReadVarUInt();
        float loadFactor = bits <= uint.MaxValue ? BitConverter.UInt32BitsToSingle((uint)bits) : float.NaN;
        if (!(loadFactor is >= MinLoadFactor and <= MaxLoadFactor))
        {
            throw r.Bad($"Hashtable load factor {loadFactor}");
        }
        var table = new Hashtable(0, 1.0f, comparer);
        LoadFactor(table) = loadFactor;
        return table;
    }

    public override void WriteBody(GraphEncoder w, object value)
    {
        var table = (Hashtable)value;
        w.WriteVarUInt((uint)Version(table));
        w.WriteVarUInt((uint)((Array)BucketsField.GetValue(table)!).Length);
        var keys = new object[table.Count];
        var values = new object?[table.Count];
        table.Keys.CopyTo(keys, 0);
        table.Values.CopyTo(values, 0);
        w.WriteVarUInt((ulong)keys.Length);
        foreach (var key in keys)
        {
            w.WriteRef(key);
        }
        foreach (var v in values)
        {
            w.WriteRef(v);
        }
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var table = (Hashtable)value;
        int version = ListCodec<object>.ReadVersion(r);
        ulong buckets = r.ReadVarUInt();
        long count = r.ReadCount(2);
        // Hashtable probes by double hashing, which needs a prime number of buckets.
        if (buckets < 3 || buckets > int.MaxValue || !IsPrime((long)buckets) || (long)buckets <= count)
        {
            throw r.Bad($"a Hashtable of {count} entries in {buckets} buckets");
        }
        // A table far larger than its entries (it held many once) keeps the size its entries need: the
        // bucket count decides only when it grows and the enumeration order, which differs anyway.
        int size = (long)buckets <= Math.Max(1024, 4 * count)
            ? (int)buckets
            : ((Array)BucketsField.GetValue(new Hashtable((int)count))!).Length; // a prime that fits count
        BucketsField.SetValue(table, Array.CreateInstance(BucketsField.FieldType.GetElementType()!, size));
        LoadSize(table) = (int)(LoadFactor(table) * size);
        var keys = new object?[count];
        var values = new object?[count];
        for (long i = 0; i < count; i++)
        {
            keys[i] = r.ReadRef();
        }
        for (long i = 0; i < count; i++)
        {
            values[i] = r.ReadRef();
        }
        r.Defer(value, () =>
        {
            for (long i = 0; i < keys.Length; i++)
            {
                // A null or repeated key throws ArgumentException, which the reader reports as a corrupted graph.
                table.Add(keys[i]!, values[i]);
            }
            Version(table) = version; // after the adds, which count up
        });
    }

    private static bool IsPrime(long n)
    {
        for (long d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }
        return n >= 2;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_loadsize")]
    private static extern ref int LoadSize(Hashtable table);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_keycomparer")]
    private static extern ref IEqualityComparer? KeyComparer(Hashtable table);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_loadFactor")]
    private static extern ref float LoadFactor(Hashtable table);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(Hashtable table);
}
