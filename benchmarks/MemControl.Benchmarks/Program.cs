Console.WriteLine("{\"benchmarks\": []}");
