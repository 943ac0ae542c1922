namespace Ferry.Runtime.Imaging;

/// <summary>What a checkpoint wrote and how long the app was stopped.</summary>
/// <param name="ImagePath">The image file.</param>
/// <param name="ImageBytes">Its size on disk.</param>
/// <param name="GraphBytes">Uncompressed object-graph bytes.</param>
/// <param name="Objects">Objects written.</param>
/// <param name="Threads">App threads in the image.</param>
/// <param name="BarrierTime">From the request until every thread was parked and unwound.</param>
/// <param name="Pause">From the request until the app ran again (or, when stopping, until the image was complete).</param>
public sealed record CheckpointResult(
    string ImagePath,
    long ImageBytes,
    long GraphBytes,
    int Objects,
    int Threads,
    TimeSpan BarrierTime,
    TimeSpan Pause)
{
    /// <summary>Fronted connections: per front connection id, the bytes the app had written (the front drains its old leg up to them).</summary>
    public IReadOnlyDictionary<ulong, long> FromBackend { get; init; } = new Dictionary<ulong, long>();
}
