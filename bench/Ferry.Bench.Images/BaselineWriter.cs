namespace Ferry.Bench.Images;

/// <summary>The hand-written floor: the same shop written field by field with BinaryWriter (no ids, no types, no checks).</summary>
public static class BaselineWriter
{
    public static void Write(Shop shop, Stream output)
    {
        using var w = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(shop.CustomersByEmail.Count);
        foreach (var (email, c) in shop.CustomersByEmail)
        {
            w.Write(email);
            w.Write(c.Id);
            w.Write(c.Name);
            w.Write(c.Recent.Count);
            foreach (var o in c.Recent)
            {
                w.Write(o.Id);
            }
            w.Write(c.Counters.Count);
            foreach (var (k, v) in c.Counters)
            {
                w.Write(k);
                w.Write(v);
            }
        }
        w.Write(shop.Orders.Count);
        foreach (var o in shop.Orders)
        {
            w.Write(o.Id);
            w.Write(o.Quantity);
            w.Write(o.Price);
            w.Write(o.Sku);
            w.Write(o.Customer?.Id ?? -1);
            w.Write(o.At.Ticks);
            w.Write((byte)o.State);
        }
        w.Write(shop.Sensors.Length);
        foreach (var s in shop.Sensors)
        {
            w.Write(s.Length);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.AsSpan()));
        }
        w.Write(shop.Index.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(shop.Index.AsSpan()));
        foreach (var b in shop.Blobs)
        {
            w.Write(b.Length);
            w.Write(b);
        }
    }
}
