using System.IO.Pipes;

// The main thread waits in a span read of a pipe nobody writes to: a span cannot be kept in a frame, so the read
// is no safe point and the thread never reaches one. Another thread ticks, to show the app runs on.
var ticker = new Thread(() =>
{
    for (var i = 1; ; i++)
    {
        Console.WriteLine($"tick {i}");
        Thread.Sleep(100);
    }
}) { IsBackground = true };
ticker.Start();
using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
Console.WriteLine("reading");
Span<byte> buffer = stackalloc byte[16];
var read = pipe.Read(buffer);
Console.WriteLine($"read {read}");
