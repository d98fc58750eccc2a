"""Any :class:`~assistant.retrieve.Retriever` as a LangChain ``BaseRetriever``: for LangChain chains, never
imported by the server."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class LangChainRetriever(BaseRetriever):
    """Documents of the best passages, each with the passage's citation fields as metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=s.chunk.text, id=s.chunk.id, metadata=s.as_dict())
            for s in self.retriever.search(query)
        ]
