namespace Ferry.Runtime.Imaging;

/// <summary>
/// One pre-copy round written: its file's size, the raw bytes of its object graph, how many objects the app had
/// changed since the previous round, the new objects it introduced, the objects left for a later round; for the
/// final round, <see cref="Full"/> if a full image was written instead (see <see cref="PreCopy.Final"/>), and behind the
/// front what the frozen app had written per connection (as <see cref="CheckpointResult.FromBackend"/>).
/// </summary>
public sealed record RoundResult(string Path, long FileBytes, long RawBytes, int Changed, int NewObjects, int Pending, bool Full, TimeSpan Elapsed)
{
    public IReadOnlyDictionary<ulong, long> FromBackend { get; init; } = new Dictionary<ulong, long>();
}
