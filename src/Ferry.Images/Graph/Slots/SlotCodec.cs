namespace Ferry.Images.Graph;

/// <summary>Writes and reads runs of <typeparamref name="T"/> values (array elements, collection items).</summary>
internal abstract class SlotCodec<T>
{
    /// <summary>Least bytes one item takes in the image (bounds counts read from untrusted images).</summary>
    public abstract int MinEncodedSize { get; }

    public abstract void Write(GraphEncoder w, ReadOnlySpan<T> items);

    public abstract void Read(GraphDecoder r, Span<T> items);
}
