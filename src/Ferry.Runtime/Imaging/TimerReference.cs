namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for a System.Threading.Timer: re-armed after the restore with the time it had left.</summary>
public sealed class TimerReference
{
    public TimerCallback? Callback;
    public object? State;

    /// <summary>Milliseconds left until the next fire at the checkpoint, or -1 when not armed.</summary>
    public long DueMs;
    public long PeriodMs;
    public int PendingFires;
    public bool Disposed;
}
