using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Stack&lt;T&gt;: version, count and items from top to bottom (as enumerated). Items go back to their array
/// positions (bottom at 0), which an enumerator held across a checkpoint indexes.
/// </summary>
internal sealed class StackCodec<T>(CodecRegistry registry) : TypeCodec(typeof(Stack<T>), CodecKind.Stack)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new Stack<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var stack = (Stack<T>)value;
        w.WriteVarUInt((uint)Version(stack));
        T[] items = stack.ToArray();
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var stack = (Stack<T>)value;
        int version = ListCodec<T>.ReadVersion(r);
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        stack.EnsureCapacity(items.Length);
        for (int i = items.Length - 1; i >= 0; i--)
        {
            stack.Push(items[i]);
        }
        Version(stack) = version;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(Stack<T> stack);
}
