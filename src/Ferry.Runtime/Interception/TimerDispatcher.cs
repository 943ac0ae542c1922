using Ferry.Runtime.Capture;
using Ferry.Runtime.Resources;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Interception;

/// <summary>
/// Hands timer fires to app threads from one thread of Ferry's own. A fire must not start app work while
/// a checkpoint or restore is under way, and it must not wait for that on a CLR pool thread either: the
/// image writer's compression runs on the pool, and timers firing every few milliseconds would block
/// worker after worker until the writer starves.
/// </summary>
internal static class TimerDispatcher
{
    private static readonly Queue<TimerRecord> s_queue = new();
    private static Thread? s_thread;

    /// <summary>The record has pending fires: run them as soon as no checkpoint is under way.</summary>
    public static void Post(TimerRecord record)
    {
        lock (s_queue)
        {
            s_queue.Enqueue(record);
            if (s_thread is null)
            {
                s_thread = new Thread(Loop) { IsBackground = true, Name = "ferry-timers" };
                s_thread.Start();
            }
            Monitor.Pulse(s_queue);
        }
    }

    private static void Loop()
    {
        while (true)
        {
            TimerRecord record;
            lock (s_queue)
            {
                while (s_queue.Count == 0) Monitor.Wait(s_queue);
                record = s_queue.Dequeue();
            }
            CaptureBarrier.WaitWhileCapturing();
            while (true)
            {
                lock (record)
                {
                    if (record.PendingFires == 0) break;
                    record.PendingFires--;
                }
                ThreadPoolShims.Start(new TimerWorkItem(record.Callback, record.State));
            }
        }
    }
}
