namespace Ferry.Runtime.Threading;

/// <summary>
/// Published as <see cref="Capture.AppThread.WaitingOn"/> by a thread blocked where a monitor pulse
/// cannot reach it (inside a real Monitor.Enter): the barrier calls <see cref="Wake"/> instead of pulsing.
/// </summary>
internal interface IWakeOnCapture
{
    /// <summary>Make the blocked thread return to its shim soon; safe to call more than once and from any thread.</summary>
    void Wake();
}
