using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// LinkedList&lt;T&gt;: its version (for enumerators held across a checkpoint), then its nodes as references, in order. Nodes are objects of their own, so a node the
/// app holds stays the very node in the list after a restore.
/// </summary>
internal sealed class LinkedListCodec<T>() : TypeCodec(typeof(LinkedList<T>), CodecKind.LinkedList)
{
    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new LinkedList<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var list = (LinkedList<T>)value;
        w.WriteVarUInt((uint)Version(list));
        w.WriteVarUInt((ulong)list.Count);
        for (var node = list.First; node is not null; node = node.Next)
        {
            w.WriteRef(node);
        }
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var list = (LinkedList<T>)value;
        int version = ListCodec<T>.ReadVersion(r);
        long count = r.ReadCount(1);
        list.Clear(); // empty unless an incremental round sends the list again
        for (long i = 0; i < count; i++)
        {
            var node = r.ReadRefAs<LinkedListNode<T>>() ?? throw r.Bad("a null node in a linked list");
            if (node.List is not null)
            {
                // A node moved from one list to another between two incremental rounds: both lists are sent
                // again, in either order. Within one image a node in two lists is damage.
                if (!r.Updating)
                {
                    throw r.Bad("a linked list node that is in two lists");
                }
                node.List.Remove(node);
            }
            list.AddLast(node);
        }
        Version(list) = version;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "version")]
    private static extern ref int Version(LinkedList<T> list);
}
