using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Stack&lt;T&gt;: items from top to bottom (as enumerated). They go back to their array positions (bottom at
/// 0), which an enumerator held across a checkpoint indexes.
/// </summary>
internal sealed class StackCodec<T>(CodecRegistry registry) : SequenceCodec<Stack<T>, T>(registry, CodecKind.Stack)
{
    protected override T[] Items(Stack<T> stack) => stack.ToArray();

    protected override void Fill(Stack<T> stack, T[] items)
    {
        stack.EnsureCapacity(items.Length);
        for (int i = items.Length - 1; i >= 0; i--)
        {
            stack.Push(items[i]);
        }
    }

    protected override ref int Version(Stack<T> stack) => ref VersionField(stack);

    protected override void Clear(Stack<T> stack) => stack.Clear();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int VersionField(Stack<T> stack);
}
