namespace Ferry.Bench.Images;

// A made-up shop's live state: the kind of heap a checkpointed service holds.

public sealed class Customer
{
    public long Id;
    public string Name = "";
    public string Email = "";
    public List<Order> Recent = new();
    public Dictionary<string, int> Counters = new();
}

public sealed class Order
{
    public long Id;
    public int Quantity;
    public double Price;
    public string Sku = "";
    public Customer? Customer;
    public DateTime At;
    public OrderState State;
}

public enum OrderState : byte { New, Paid, Shipped }

public sealed class Shop
{
    public Dictionary<string, Customer> CustomersByEmail = new();
    public List<Order> Orders = new();
    public double[][] Sensors = [];
    public int[] Index = [];
    public byte[][] Blobs = [];
}
