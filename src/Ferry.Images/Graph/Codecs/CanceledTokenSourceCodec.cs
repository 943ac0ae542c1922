namespace Ferry.Images.Graph;

/// <summary>
/// A CancellationTokenSource that is already canceled (the one an OperationCanceledException's token
/// names): in that final state its callbacks have run and its timer is gone, so a new source canceled in
/// the reading process is the same to everyone who asks it. One not canceled yet is refused.
/// </summary>
internal sealed class CanceledTokenSourceCodec() : TypeCodec(typeof(CancellationTokenSource), CodecKind.CanceledTokenSource)
{
    public override void WriteAllocation(GraphEncoder w, object value)
    {
        if (!((CancellationTokenSource)value).IsCancellationRequested)
        {
            throw new TypeRefusedException(Type, "a CancellationTokenSource that is not canceled yet cannot be captured (its callbacks and timer live in this process)");
        }
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }
}
