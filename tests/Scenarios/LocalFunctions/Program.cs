// Top-level statements with local functions. Local functions that capture locals receive the
// closure struct by reference (a byref argument re-created from ldloca on rebuild).
int total = 0;
int calls = 0;
var log = new List<string>();

void Add(int v)
{
    calls++;
    total += v;
    if (calls % 10 == 0) log.Add($"calls={calls} total={total}");
}

static int Square(int x) => x * x;

int Fact(int n) => n <= 1 ? 1 : n * Fact(n - 1);

long SumDigits(long n)
{
    long s = 0;
    while (n > 0) { s += n % 10; n /= 10; calls++; }
    return s;
}

for (int i = 0; i < 30; i++)
{
    Add(Square(i) % 17);
}
Console.WriteLine($"after adds total={total} calls={calls}");

var facts = new List<int>();
for (int i = 1; i <= 10; i++) facts.Add(Fact(i));
Console.WriteLine("facts " + string.Join(',', facts));

long digits = 0;
for (long n = 1; n < 1_000_000; n *= 7) digits += SumDigits(n);
Console.WriteLine($"digits={digits} calls={calls}");

Func<int, int> scaled = x => x * total;
int scaledSum = 0;
for (int i = 0; i < 5; i++) scaledSum += scaled(i);
Console.WriteLine($"scaledSum={scaledSum}");
foreach (string l in log) Console.WriteLine(l);

int expectTotal = 0;
for (int i = 0; i < 30; i++) expectTotal += i * i % 17;
if (total != expectTotal) return Fail(11, "total");
if (facts[9] != 3628800) return Fail(12, "fact");
if (scaledSum != 10 * total) return Fail(13, "scaled");
if (log.Count != 3) return Fail(14, "log");
Console.WriteLine("verify: ok");
return 0;

static int Fail(int code, string message)
{
    Console.Error.WriteLine($"FAIL({code}): {message}");
    return code;
}
