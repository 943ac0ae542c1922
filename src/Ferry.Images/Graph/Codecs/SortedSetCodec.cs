using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// SortedSet&lt;T&gt; and the framework's TreeSet&lt;T&gt; under SortedDictionary&lt;K,V&gt; (which is written by its
/// fields): comparer (null = default), then version, count and items in order; the tree is rebuilt after
/// the graph is read. An enumerator held across a checkpoint is written by its fields: it walks the
/// image's copy of the nodes it still has to visit, and checks the restored set's version.
/// </summary>
internal sealed class SortedSetCodec<T> : TypeCodec
{
    private readonly SlotCodec<T> _slots;
    private readonly Func<IComparer<T>?, SortedSet<T>> _create;

    public SortedSetCodec(CodecRegistry registry, Type type)
        : base(type, CodecKind.SortedSet)
    {
        _slots = registry.Slots<T>();
        if (type == typeof(SortedSet<T>))
        {
            _create = comparer => new SortedSet<T>(comparer);
        }
        else
        {
            var constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(IComparer<T>)])
                ?? throw new TypeRefusedException(type, "no constructor taking a comparer");
            _create = comparer => (SortedSet<T>)constructor.Invoke([comparer]);
        }
    }

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((SortedSet<T>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, Comparer<T>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => _create(r.ReadRefAs<IComparer<T>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var set = (SortedSet<T>)value;
        w.WriteVarUInt((uint)Version(set));
        var items = new T[set.Count];
        set.CopyTo(items);
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var set = (SortedSet<T>)value;
        int version = ListCodec<T>.ReadVersion(r);
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        r.Defer(value, () =>
        {
            foreach (var item in items)
            {
                if (!set.Add(item))
                {
                    throw new ImageFormatException($"corrupted object graph: a {TypeNames.Display(Type)} holds the same item twice");
                }
            }
            Version(set) = version; // after the adds, which count up
        });
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "version")]
    private static extern ref int Version(SortedSet<T> set);
}
