namespace Ferry.Images.Graph;

/// <summary>
/// System.Exception and its subclasses (the app's own, and the framework's listed in the allowlist). The
/// descriptor is the schema of the fields the subclasses declare (an app's <c>Code</c>, ArgumentException's
/// <c>_paramName</c>...); the body is what Exception itself holds, then those fields:
/// <c>ref message, ref inner, ref source, ref help link, ref stack trace text, varint HResult,
/// varuint n, n × (ref key, ref value) Data entries</c>, subclass fields. See <see cref="ExceptionFields"/>
/// for which of Exception's fields are carried and where the stack trace goes back.
/// </summary>
internal sealed class ExceptionCodec(Type type, FlatLayout derived, TypeAllowlist allowlist) : SchemaCodec(type, CodecKind.Exception, derived)
{
    private ObjectWriter? _writer;
    private ObjectReader? _reader;

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => ExceptionFields.NewUninitialized(Type);

    public override void WriteBody(GraphEncoder w, object value)
    {
        var e = (Exception)value;
        w.WriteRef(ExceptionFields.Message(e));
        w.WriteRef(e.InnerException);
        w.WriteRef(ExceptionFields.Source(e));
        w.WriteRef(ExceptionFields.HelpLink(e));
        w.WriteRef(ExceptionFields.StackTrace(e));
        w.WriteVarInt(ExceptionFields.HResult(e));
        WriteData(w, ExceptionFields.Data(e));
        if (Layout.Fields.Count > 0)
        {
            (_writer ??= LayoutEmitter.ClassWriter(Type, Layout))(w, value);
        }
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var e = (Exception)value;
        string? message = r.ReadRefAs<string>();
        var inner = r.ReadRefAs<Exception>();
        string? source = r.ReadRefAs<string>();
        string? help = r.ReadRefAs<string>();
        string? trace = r.ReadRefAs<string>();
        long hresult = r.ReadVarInt();
        if (hresult is < int.MinValue or > int.MaxValue)
        {
            throw r.Bad($"an exception's HResult {hresult} is out of range");
        }
        ExceptionFields.Set(e, message, inner, source, help, trace, (int)hresult);
        long entries = r.ReadCount(2);
        if (r.Updating)
        {
            ExceptionFields.DataFor(e).Clear();
        }
        for (long i = 0; i < entries; i++)
        {
            object key = r.ReadRef() ?? throw r.Bad("an exception's Data has a null key");
            object? item = r.ReadRef();
            if (!IsSimple(key) || item is not null && !IsSimple(item))
            {
                throw r.Bad($"an exception's Data holds a {TypeNames.Display((item is null || IsSimple(key) ? key : item).GetType())}, which images never put there");
            }
            ExceptionFields.DataFor(e)[key] = item;
        }
        if (Layout.Fields.Count > 0)
        {
            (_reader ??= LayoutEmitter.ClassReader(Type, Layout))(r, value);
        }
    }

    /// <summary>
    /// Only entries whose key and value are strings or plain values (numbers, enums, dates, Guids...) are kept:
    /// Data is a diagnostic side channel, and an object graph hanging off it should not decide whether an
    /// app can be checkpointed.
    /// </summary>
    private void WriteData(GraphEncoder w, System.Collections.IDictionary? data)
    {
        int n = 0;
        if (data is not null)
        {
            foreach (System.Collections.DictionaryEntry entry in data)
            {
                n += Keeps(entry) ? 1 : 0;
            }
        }
        w.WriteVarUInt((ulong)n);
        if (n == 0)
        {
            return;
        }
        foreach (System.Collections.DictionaryEntry entry in data!)
        {
            if (Keeps(entry))
            {
                w.WriteRef(entry.Key);
                w.WriteRef(entry.Value);
            }
        }
    }

    private bool Keeps(System.Collections.DictionaryEntry entry) =>
        IsSimple(entry.Key) && allowlist.IsAllowed(entry.Key.GetType())
        && (entry.Value is null || IsSimple(entry.Value) && allowlist.IsAllowed(entry.Value.GetType()));

    private static bool IsSimple(object value) =>
        value is string || FieldKinds.LeafKindOf(value.GetType()) is not null;
}
