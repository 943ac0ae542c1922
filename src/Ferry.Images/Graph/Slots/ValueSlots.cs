using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>Slots of a struct or fixed framework value, written in place by compiled accessors.</summary>
internal sealed class ValueSlots<T>(FlatLayout layout) : SlotCodec<T>
{
    private readonly ValueWriter _writer = LayoutEmitter.ValueWriter(typeof(T), layout);
    private readonly ValueReader _reader = LayoutEmitter.ValueReader(typeof(T), layout);

    public override int MinEncodedSize { get; } = Math.Max(1, layout.MinEncodedSize);

    public override void Write(GraphEncoder w, ReadOnlySpan<T> items)
    {
        ref T first = ref MemoryMarshal.GetReference(items);
        for (int i = 0; i < items.Length; i++)
        {
            _writer(w, ref Unsafe.As<T, byte>(ref Unsafe.Add(ref first, i)));
        }
    }

    public override void Read(GraphDecoder r, Span<T> items)
    {
        ref T first = ref MemoryMarshal.GetReference(items);
        for (int i = 0; i < items.Length; i++)
        {
            _reader(r, ref Unsafe.As<T, byte>(ref Unsafe.Add(ref first, i)));
        }
    }
}
