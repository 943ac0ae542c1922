using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Queue&lt;T&gt;: items from head to tail. Enumerators index relative to the head, so one held across a
/// checkpoint continues although the restored queue starts at slot 0.
/// </summary>
internal sealed class QueueCodec<T>(CodecRegistry registry) : SequenceCodec<Queue<T>, T>(registry, CodecKind.Queue)
{
    protected override T[] Items(Queue<T> queue) => queue.ToArray();

    protected override void Fill(Queue<T> queue, T[] items)
    {
        queue.EnsureCapacity(items.Length);
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
    }

    protected override ref int Version(Queue<T> queue) => ref VersionField(queue);

    protected override void Clear(Queue<T> queue) => queue.Clear();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int VersionField(Queue<T> queue);
}
