using System.Diagnostics;
using System.Reflection;

namespace Ferry.Images.Graph;

/// <summary>
/// Stopwatch: elapsed time (TimeSpan ticks, so timer frequencies may differ) and whether it runs.
/// A running stopwatch restarts from the elapsed time it had, so Elapsed never goes backwards.
/// </summary>
internal sealed class StopwatchCodec() : TypeCodec(typeof(Stopwatch), CodecKind.Stopwatch)
{
    // No public way to start a Stopwatch at a given elapsed time: set its three fields.
    private static readonly FieldInfo? Elapsed = typeof(Stopwatch).GetField("_elapsed", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? StartTimeStamp = typeof(Stopwatch).GetField("_startTimeStamp", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? IsRunning = typeof(Stopwatch).GetField("_isRunning", BindingFlags.Instance | BindingFlags.NonPublic);

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var sw = (Stopwatch)value;
        w.WriteInt64(sw.Elapsed.Ticks);
        w.WriteByte(sw.IsRunning ? (byte)1 : (byte)0);
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        var sw = new Stopwatch();
        ReadAllocationInto(r, sw);
        return sw;
    }

    public override bool HasMutableAllocation => true;

    public override void ReadAllocationInto(GraphDecoder r, object existing)
    {
        long ticks = r.ReadInt64();
        byte running = r.ReadByte();
        if (ticks < 0 || running > 1)
        {
            throw r.Bad("invalid Stopwatch state");
        }
        if (Elapsed is null || StartTimeStamp is null || IsRunning is null)
        {
            throw new ImageFormatException("this runtime's Stopwatch cannot be restored (its fields changed)");
        }
        var sw = (Stopwatch)existing;
        long timestampTicks = (long)((Int128)ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
        Elapsed.SetValue(sw, timestampTicks);
        if (running == 1)
        {
            StartTimeStamp.SetValue(sw, Stopwatch.GetTimestamp());
            IsRunning.SetValue(sw, true);
        }
        else
        {
            IsRunning.SetValue(sw, false);
        }
    }
}
