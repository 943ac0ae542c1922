namespace Ferry.Images.Graph;

/// <summary>
/// Reads the rounds of a <see cref="GraphSession"/> one at a time, as they arrive (a warm migration target applies
/// each while the app still runs on the source): each round's updates go into the objects read before, a root
/// takes its value from the last round that wrote it. Refuses rounds of another session, missing, repeated or
/// reordered rounds and rounds after the final one; <see cref="Finish"/> refuses a set of rounds in which some
/// object never got its contents. A round that fails leaves the reader unusable (its objects may be half read).
/// Not thread-safe: one caller applies the rounds in order.
/// </summary>
public sealed class RoundReader
{
    private readonly IObjectSurrogates? _surrogates;
    private readonly GraphDecoder _decoder;
    private readonly Dictionary<string, object?> _roots = new(StringComparer.Ordinal);
    private RoundManifest? _previous;
    private bool _broken;
    private bool _finished;

    internal RoundReader(CodecRegistry registry, IObjectSurrogates? surrogates)
    {
        _surrogates = surrogates;
        _decoder = new GraphDecoder(registry, surrogates, 0);
        _decoder.BeginIncremental();
    }

    /// <summary>Rounds applied so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>The final round has been applied: <see cref="Finish"/> is all that remains.</summary>
    public bool HasFinal => _previous is { Final: true };

    /// <summary>Objects read so far, over all rounds.</summary>
    public int ObjectCount => _decoder.ObjectCount;

    /// <summary>Reads one round into the graph. Any problem with it is an <see cref="ImageFormatException"/>.</summary>
    public RoundApplied Apply(ImageReader round)
    {
        CheckUsable();
        _broken = true; // until this round is whole
        int i = Rounds;
        ImageReader.EnsureRuntime(round.Header);
        var m = RoundManifest.Read(round);
        if (_previous is not null && m.Session != _previous.Session)
        {
            throw new ImageFormatException($"round {i} belongs to another incremental image (session {m.Session}, not {_previous.Session})");
        }
        if (m.Round != i || _previous is { Final: true })
        {
            throw new ImageFormatException(_previous is { Final: true }
                ? $"a round follows the final round {_previous.Round}"
                : $"round {m.Round} where round {i} belongs (a round is missing or out of order)");
        }
        if (m.ObjectsBefore != _decoder.ObjectCount || m.TypesBefore != _decoder.TypeCount)
        {
            throw new ImageFormatException($"round {i} follows {m.ObjectsBefore} objects and {m.TypesBefore} types, but {_decoder.ObjectCount} and {_decoder.TypeCount} were read");
        }
        long raw = round.GetSection(RoundManifest.UpdatesSection).RawLength + m.Roots.Sum(r => round.GetSection(r).RawLength);
        _decoder.AddBudget(raw);
        int before = _decoder.ObjectCount;
        int updates = 0;
        string current = RoundManifest.UpdatesSection;
        try
        {
            updates = _decoder.ReadUpdates(round, current);
            foreach (var name in m.Roots)
            {
                current = name;
                _roots[name] = _decoder.ReadRoot(round, name);
            }
        }
        catch (Exception e) when (ObjectGraphSerializer.IsDataFault(e))
        {
            throw new ImageFormatException($"corrupted object graph in section '{current}': {e.GetType().Name}: {e.Message}", e);
        }
        if (_decoder.ObjectCount != m.ObjectsAfter || _decoder.TypeCount != m.TypesAfter)
        {
            throw new ImageFormatException($"corrupted object graph: {_decoder.ObjectCount} objects and {_decoder.TypeCount} types read after round {i}, its manifest says {m.ObjectsAfter} and {m.TypesAfter}");
        }
        _previous = m;
        Rounds++;
        _broken = false;
        return new RoundApplied(i, m.Final, updates, _decoder.ObjectCount - before, raw);
    }

    /// <summary>
    /// The graph of the rounds applied (normally after the final one): collections filled, the surrogates told
    /// (<see cref="IObjectSurrogates.GraphRead"/>). The reader takes no more rounds after it.
    /// </summary>
    public ObjectGraph Finish()
    {
        CheckUsable();
        if (Rounds == 0)
        {
            throw new InvalidOperationException("no round was applied");
        }
        _finished = true;
        if (_decoder.AwaitingCount > 0)
        {
            throw new ImageFormatException($"incremental image is incomplete: {_decoder.AwaitingCount} objects were left for a later round that is not there");
        }
        try
        {
            _decoder.Finish();
        }
        catch (Exception e) when (ObjectGraphSerializer.IsDataFault(e))
        {
            throw new ImageFormatException($"corrupted object graph while rebuilding collections: {e.GetType().Name}: {e.Message}", e);
        }
        _surrogates?.GraphRead();
        return new ObjectGraph(_roots, _decoder.ObjectCount, _decoder.TypeCount);
    }

    private void CheckUsable()
    {
        if (_broken) throw new ImageFormatException("an earlier round could not be read; the rounds must be read again from the base round");
        if (_finished) throw new InvalidOperationException("the graph of these rounds was finished; no round can follow");
    }
}
