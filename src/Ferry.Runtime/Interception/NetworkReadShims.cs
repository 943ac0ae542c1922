using System.Net.Sockets;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Interception;

/// <summary>
/// Reads from a connection are safe points (as <see cref="NetworkShims.ReadLine"/>): a thread waiting for its
/// peer waits here, where it consumes nothing until data is really there, so it does not hold up a
/// checkpoint — NetworkStream.Read/ReadByte, StreamReader.Read over a network stream, Socket.Receive.
/// Span overloads cannot be (a span cannot be kept in a frame): they block as before.
/// </summary>
public static class NetworkReadShims
{
    [Capturable]
    public static int Read(Stream stream, byte[] buffer, int offset, int count)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(nameof(Read));
            (stream, buffer, offset, count) = ((Stream)frame.Slots[0]!, (byte[])frame.Slots[1]!, (int)frame.Slots[2]!, (int)frame.Slots[3]!);
        }
        if (stream is NetworkStream network && count > 0 && !NetworkShims.WaitForSocket(network.Socket))
        {
            FrameStack.Push(Frame.Create(nameof(Read), 0, 4).Set(0, stream).Set(1, buffer).Set(2, offset).Set(3, count));
            return 0;
        }
        return stream.Read(buffer, offset, count);
    }

    [Capturable]
    public static int Read(NetworkStream stream, byte[] buffer, int offset, int count) => Read((Stream)stream, buffer, offset, count);

    [Capturable]
    public static int ReadByte(Stream stream)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            stream = (Stream)FrameStack.Pop(nameof(ReadByte)).Slots[0]!;
        if (stream is NetworkStream network && !NetworkShims.WaitForSocket(network.Socket))
        {
            FrameStack.Push(Frame.Create(nameof(ReadByte), 0, 1).Set(0, stream));
            return 0;
        }
        return stream.ReadByte();
    }

    [Capturable]
    public static int ReadByte(NetworkStream stream) => ReadByte((Stream)stream);

    [Capturable]
    public static int Read(TextReader reader)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            reader = (TextReader)FrameStack.Pop(nameof(Read)).Slots[0]!;
        if (!WaitForText(reader))
        {
            FrameStack.Push(Frame.Create(nameof(Read), 0, 1).Set(0, reader));
            return 0;
        }
        return reader.Read();
    }

    [Capturable]
    public static int Read(StreamReader reader) => Read((TextReader)reader);

    [Capturable]
    public static int Read(TextReader reader, char[] buffer, int index, int count)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(nameof(Read));
            (reader, buffer, index, count) = ((TextReader)frame.Slots[0]!, (char[])frame.Slots[1]!, (int)frame.Slots[2]!, (int)frame.Slots[3]!);
        }
        if (count > 0 && !WaitForText(reader))
        {
            FrameStack.Push(Frame.Create(nameof(Read), 0, 4).Set(0, reader).Set(1, buffer).Set(2, index).Set(3, count));
            return 0;
        }
        return reader.Read(buffer, index, count);
    }

    [Capturable]
    public static int Read(StreamReader reader, char[] buffer, int index, int count) => Read((TextReader)reader, buffer, index, count);

    [Capturable]
    public static int Receive(Socket socket, byte[] buffer)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(nameof(Receive));
            (socket, buffer) = ((Socket)frame.Slots[0]!, (byte[])frame.Slots[1]!);
        }
        if (buffer is { Length: > 0 } && socket.Connected && !NetworkShims.WaitForSocket(socket))
        {
            FrameStack.Push(Frame.Create(nameof(Receive), 0, 2).Set(0, socket).Set(1, buffer));
            return 0;
        }
        return socket.Receive(buffer);
    }

    /// <summary>A reader over a network stream with nothing buffered waits for its socket; false: a checkpoint is unwinding.</summary>
    private static bool WaitForText(TextReader reader) =>
        reader is not StreamReader { BaseStream: NetworkStream network } streamReader || StreamReaderState.HasBufferedChars(streamReader)
        || NetworkShims.WaitForSocket(network.Socket);
}
