namespace Ferry.Images.Graph;

/// <summary>
/// The part of the encoder that writes the rounds of an incremental graph (<see cref="GraphSession"/>): the
/// object and type tables outlive a write, every queued body carries a marker, objects sent earlier are
/// re-encoded as update records, and — while the app runs — an object that cannot be read consistently is
/// rolled back and left for a later round instead of failing the round.
/// </summary>
internal sealed partial class GraphEncoder
{
    private bool _incremental;
    private bool _live;
    private readonly List<int> _typeOrder = new();          // codec indices in type-definition order (rollback)
    private readonly List<(byte[] Block, int Used)> _held = new();
    private bool _inUnit;
    private int _unitPos;
    private int _unitIds;
    private int _unitTypes;
    private int _unitQueue;

    /// <summary>Objects whose bodies a live round could not read consistently: sent again next round.</summary>
    public List<object> Retry { get; } = new();

    /// <summary>Objects that reference what only a surrogate can stand for: sent in the final round.</summary>
    public List<object> FinalOnly { get; } = new();

    /// <summary>
    /// Starts writing rounds: from now on bodies carry markers. <paramref name="live"/>: the app runs while
    /// this round is written (torn objects are retried, surrogates wait for the final round).
    /// </summary>
    public void BeginRound(bool live, IEnumerable<KeyValuePair<string, object?>> roots)
    {
        _incremental = true;
        _live = live;
        _roots.AddRange(roots);
    }

    /// <summary>
    /// Writes the update section: a record (id + 1, body or changeable allocation) for each given object
    /// that was sent before this round (<paramref name="existing"/> ids), a 0, then the bodies of the objects
    /// the records introduced. Objects without an id yet are skipped: if they are reachable, the record of
    /// what references them introduces them. Returns the records written.
    /// </summary>
    public int WriteUpdates(ImageWriter image, string name, IEnumerable<object> objects, int existing)
    {
        var sent = new HashSet<int>();
        int records = 0;
        BeginSection(image, name);
        try
        {
            foreach (object o in objects)
            {
                int id = _ids.IndexOf(o);
                if (id < 0 || id >= existing || UpdateCodec(o) is not { } codec || !sent.Add(id))
                {
                    continue;
                }
                BeginUnit();
                try
                {
                    WriteVarUInt((ulong)id + 1);
                    if (codec.HasBody)
                    {
                        codec.WriteBody(this, o);
                    }
                    else
                    {
                        codec.WriteAllocation(this, o);
                    }
                }
                catch (Exception e) when (Postpones(e, o))
                {
                    RollbackUnit();
                    continue;
                }
                catch (TypeRefusedException e)
                {
                    RollbackUnit();
                    throw Refused(o, e);
                }
                catch
                {
                    RollbackUnit();
                    throw;
                }
                CommitUnit();
                records++;
            }
            WriteByte(0);
            DrainBodies();
        }
        finally
        {
            _section!.Filled = _pos;
        }
        EndSection();
        return records;
    }

    /// <summary>
    /// The objects to send again along with <paramref name="o"/>: those of its fields (and theirs) that code the
    /// write barriers do not see writes into — the internals of a framework object such as a SortedDictionary's
    /// tree or an ArrayList's array, written by the framework's own code when the app calls it.
    /// </summary>
    public void AddOpaqueParts(object o, Func<Type, bool> tracked, int existing, List<object> into, HashSet<object> seen)
    {
        var pending = new Stack<object>();
        pending.Push(o);
        while (pending.TryPop(out var current))
        {
            Type t = current.GetType();
            if (t.IsArray)
            {
                if (current is object?[] items && !t.GetElementType()!.IsValueType)
                {
                    foreach (var item in items)
                    {
                        Consider(item);
                    }
                }
                continue;
            }
            if (tracked(t) || _surrogates is not null && HandledBySurrogates(t) || CodecFor(t) is not SchemaCodec schema)
            {
                continue;
            }
            foreach (var field in schema.Layout.Variable)
            {
                if (field.Kind != FieldKind.Ref)
                {
                    continue;
                }
                object? value = current;
                foreach (var step in field.Path)
                {
                    value = step.GetValue(value);
                }
                Consider(value);
            }
        }

        void Consider(object? part)
        {
            // What a surrogate stands for (a reader over a connection, a thread) is never sent as a body: it is
            // written as its surrogate in the final round, whatever the framework wrote into it meanwhile.
            if (part is null or string || part.GetType() is var t && (!t.IsArray && tracked(t) || _surrogates is not null && HandledBySurrogates(t)))
            {
                return;
            }
            int id = _ids.IndexOf(part);
            if (id < 0 || id >= existing || !seen.Add(part))
            {
                return;
            }
            into.Add(part);
            pending.Push(part);
        }
    }

    /// <summary>How an object sent before is sent again, or null if its state cannot change (or is a surrogate's).</summary>
    private TypeCodec? UpdateCodec(object o)
    {
        Type t = o.GetType();
        if (_surrogates is not null && HandledBySurrogates(t))
        {
            return null;
        }
        var codec = CodecFor(t);
        return codec is not WellKnownDispatch && (codec.HasBody || codec.HasMutableAllocation) ? codec : null;
    }

    /// <summary>A queued body in a round: marker 1 and the body, or marker 0 if it is left for a later round.</summary>
    private void WriteMarkedBody(object o, TypeCodec codec)
    {
        BeginUnit();
        try
        {
            WriteByte(1);
            codec.WriteBody(this, o);
        }
        catch (Exception e) when (Postpones(e, o))
        {
            RollbackUnit();
            WriteByte(0);
            return;
        }
        catch (TypeRefusedException e)
        {
            RollbackUnit();
            throw Refused(o, e);
        }
        catch
        {
            RollbackUnit();
            throw;
        }
        CommitUnit();
    }

    /// <summary>
    /// While the app runs, an object read in the middle of a change (a Dictionary resizing: "collection was
    /// modified", an index past a count read a moment before) is sent again next round — it is dirty anyway,
    /// its writer marked it — and one that references what only a surrogate stands for (a Thread, a Lock, an open
    /// file) waits for the final round, when the app is stopped. Anything else fails the round.
    /// </summary>
    private bool Postpones(Exception e, object o)
    {
        if (!_live)
        {
            return false;
        }
        if (e is SurrogateDeferredException)
        {
            FinalOnly.Add(o);
            return true;
        }
        if (e is InvalidOperationException or IndexOutOfRangeException or ArgumentException or NullReferenceException
            or InvalidCastException or OverflowException or KeyNotFoundException or ArithmeticException)
        {
            Retry.Add(o);
            return true;
        }
        return false;
    }

    /// <summary>In a live round, an object only a surrogate can stand for is not written (see <see cref="Postpones"/>).</summary>
    private void DeferSurrogate()
    {
        if (_live)
        {
            throw new SurrogateDeferredException();
        }
    }

    private void NoteTypeDefined(int index)
    {
        if (_incremental)
        {
            _typeOrder.Add(index);
        }
    }

    // ---- rollback units: everything one object's record or body writes, taken back if it fails ----

    private void BeginUnit()
    {
        _inUnit = true;
        _unitPos = _pos;
        _unitIds = _ids.Count;
        _unitTypes = _typeCount;
        _unitQueue = _queue.Count;
    }

    private void CommitUnit()
    {
        _inUnit = false;
        if (_held.Count == 0)
        {
            return;
        }
        foreach (var (block, used) in _held)
        {
            _section!.SubmitHeld(block, used);
        }
        _held.Clear();
    }

    private void RollbackUnit()
    {
        _inUnit = false;
        if (_held.Count > 0)
        {
            _section!.RestoreHeld(_held[0].Block, _unitPos);
            for (int i = 1; i < _held.Count; i++)
            {
                ImageSectionWriter.DropHeld(_held[i].Block);
            }
            _held.Clear();
            _buf = _section.Buffer;
        }
        _pos = _unitPos;
        _ids.Truncate(_unitIds);
        _queue.Truncate(_unitQueue);
        while (_typeCount > _unitTypes)
        {
            int index = _typeOrder[^1];
            _typeOrder.RemoveAt(_typeOrder.Count - 1);
            _typeIds[index] = 0;
            _typeCount--;
        }
    }

    /// <summary>Inside a unit, a full block is held (not submitted) so that the unit can still be taken back.</summary>
    private bool HoldInsteadOfFlush()
    {
        if (!_inUnit)
        {
            return false;
        }
        _held.Add((_section!.HoldBlock(), _pos));
        _buf = _section.Buffer;
        _pos = 0;
        _limit = _section.BlockSize;
        return true;
    }

    /// <summary>Thrown inside a live round where a surrogate would be written; never leaves the encoder.</summary>
    private sealed class SurrogateDeferredException : Exception;
}
