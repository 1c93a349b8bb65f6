"""befriend's models: the packaged sentence embedder and the classifier head.

The files they load live in ``befriend/model/data``. Nothing here imports onnxruntime
or tokenizers until a model is first used.
"""
