using System.Runtime.CompilerServices;

// The loading tests shrink TensorBytes.ChunkBytes to exercise the sliced read and write path on small tensors.
[assembly: InternalsVisibleTo("MemControl.Tests")]
