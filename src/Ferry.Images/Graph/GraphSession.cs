namespace Ferry.Images.Graph;

/// <summary>
/// Writes an object graph in rounds, one image each, over one object table (pre-copy for live migration):
/// a base round with everything reachable from its roots, written while the app runs; then rounds that send
/// again only the objects the caller says changed (and introduce objects they now reference); then a final
/// round, written with the app stopped, with the last changes and the roots that only make sense at that
/// moment (threads). <see cref="ObjectGraphSerializer.ReadRounds"/> applied to all of them gives the graph one
/// full write at the end would.
/// <para>
/// While the app runs, an object may be read in the middle of a change: if its codec fails, what it wrote is
/// taken back and the object is sent again next round (its writer marked it dirty anyway). Objects that
/// reference what only a surrogate stands for are sent in the final round. A round that fails otherwise (a type
/// not allowed in images) breaks the session: start a new one. Not thread-safe: one round at a time.
/// </para>
/// </summary>
public sealed class GraphSession : IDisposable
{
    private readonly GraphEncoder _encoder;
    private readonly Func<Type, bool>? _tracked;
    private bool _broken;
    private bool _finished;

    internal GraphSession(CodecRegistry registry, IObjectSurrogates? surrogates, Func<Type, bool>? tracked)
    {
        _encoder = new GraphEncoder(registry, surrogates, []);
        _tracked = tracked;
    }

    /// <summary>Written into every round; a reader refuses rounds of different sessions.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Rounds written so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Objects left for a later round (could not be read while the app ran).</summary>
    public int PendingCount => _encoder.Retry.Count + _encoder.FinalOnly.Count;

    /// <summary>Objects sent so far.</summary>
    public int ObjectCount => _encoder.ObjectCount;

    /// <summary>
    /// Writes one round into <paramref name="image"/> (commit it afterwards): update records for the
    /// <paramref name="changed"/> objects sent in earlier rounds (with the objects they now reference), for
    /// those a previous round left pending, and for the parts of them write barriers cannot see (see
    /// <c>tracked</c> in <see cref="ObjectGraphSerializer.BeginSession"/>); then each root. The first round
    /// is the base (nothing is changed yet). <paramref name="final"/>: the app is stopped — nothing is left
    /// pending, surrogates are written, and no round may follow.
    /// </summary>
    public RoundStats WriteRound(ImageWriter image, IEnumerable<object> changed, IEnumerable<KeyValuePair<string, object?>>? roots = null, bool final = false)
    {
        if (_broken || _finished)
        {
            throw new InvalidOperationException(_broken ? "an earlier round of this session failed; start a new session" : "the final round was written");
        }
        var rootList = (roots ?? []).ToList();
        ObjectGraphSerializer.CheckRootNames(rootList, RoundManifest.IsReserved);
        int objectsBefore = _encoder.ObjectCount;
        int typesBefore = _encoder.TypeCount;
        long bytesBefore = _encoder.RawBytesWritten;
        var send = changed.ToList();
        send.AddRange(_encoder.Retry);
        _encoder.Retry.Clear();
        if (final)
        {
            send.AddRange(_encoder.FinalOnly);
            _encoder.FinalOnly.Clear();
        }
        if (_tracked is not null)
        {
            var seen = new HashSet<object>(send, ReferenceEqualityComparer.Instance);
            foreach (var o in send.ToArray())
            {
                _encoder.AddOpaqueParts(o, _tracked, objectsBefore, send, seen);
            }
        }
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        int updates;
        try
        {
            _encoder.BeginRound(live: !final, rootList);
            long before = _encoder.RawBytesWritten;
            updates = _encoder.WriteUpdates(image, RoundManifest.UpdatesSection, send, objectsBefore);
            sizes[RoundManifest.UpdatesSection] = _encoder.RawBytesWritten - before;
            foreach (var (name, root) in rootList)
            {
                before = _encoder.RawBytesWritten;
                _encoder.WriteRoot(image, name, root);
                sizes[name] = _encoder.RawBytesWritten - before;
            }
            var manifest = new RoundManifest(Id, Rounds, final, objectsBefore, typesBefore, _encoder.ObjectCount, _encoder.TypeCount,
                rootList.Select(r => r.Key).ToArray());
            image.AddSection(RoundManifest.SectionName, manifest.Encode());
        }
        catch
        {
            _broken = true;
            throw;
        }
        _finished = final;
        return new RoundStats(Rounds++, final, updates, _encoder.ObjectCount - objectsBefore, PendingCount, _encoder.ObjectCount,
            _encoder.RawBytesWritten - bytesBefore, sizes);
    }

    /// <summary>Convenience: a round with roots given as (name, object) pairs.</summary>
    public RoundStats WriteRound(ImageWriter image, IEnumerable<object> changed, bool final, params (string Name, object? Root)[] roots) =>
        WriteRound(image, changed, roots.Select(r => new KeyValuePair<string, object?>(r.Name, r.Root)), final);

    /// <summary>Frees the object table (native memory). The objects sent stay referenced until then.</summary>
    public void Dispose() => _encoder.Dispose();
}
