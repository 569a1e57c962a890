"""Ecosystem maps: actors (nodes) and their relations (edges), per region or community,
with dated published snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

LABEL_MAX = 120
SECTOR_MAX = 40
SOURCE_MAX = 200

ORGANISATION, PERSON = "organisation", "person"
NODE_KINDS = (ORGANISATION, PERSON)
NODE_TYPES = ("developer", "funder", "decision_maker", "knowledge_producer", "network_coordinator")
RELATION_KINDS = ("partnership", "funding", "service", "knowledge_sharing", "membership")
CONFIRMED, PROPOSED = "confirmed", "proposed"


class EcoMap(Timestamped, db.Model):
    """One map per region (``region_id``) or per community (``community_id``)."""

    __tablename__ = "lc_maps"
    __table_args__ = (
        CheckConstraint("(region_id IS NULL) <> (community_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id", ondelete="CASCADE"), unique=True
    )
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("lc_communities.id", ondelete="CASCADE"), unique=True
    )

    nodes: Mapped[list[Node]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="Node.label"
    )
    edges: Mapped[list[Edge]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="Edge.id"
    )


class Node(db.Model):
    __tablename__ = "lc_map_nodes"
    __table_args__ = (
        UniqueConstraint("map_id", "label", name="uq_lc_map_nodes_label"),
        CheckConstraint("kind IN ('organisation', 'person')", name="kind"),
        CheckConstraint(
            "type IN ('developer', 'funder', 'decision_maker', 'knowledge_producer', "
            "'network_coordinator')",
            name="type",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("lc_maps.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    kind: Mapped[str] = mapped_column(String(20), default=ORGANISATION)
    type: Mapped[str] = mapped_column(String(30))
    sector: Mapped[str] = mapped_column(String(SECTOR_MAX), default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The forum account this actor is (a person) or speaks for (an organisation), once claimed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    map: Mapped[EcoMap] = relationship(back_populates="nodes")


class Edge(db.Model):
    __tablename__ = "lc_map_edges"
    __table_args__ = (
        UniqueConstraint("map_id", "source_id", "target_id", "kind", name="uq_lc_map_edges_pair"),
        CheckConstraint("strength BETWEEN 1 AND 3", name="strength"),
        CheckConstraint("source_id <> target_id", name="not_self"),
        CheckConstraint("status IN ('confirmed', 'proposed')", name="status"),
        CheckConstraint(
            "kind IN ('partnership', 'funding', 'service', 'knowledge_sharing', 'membership')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("lc_maps.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("lc_map_nodes.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("lc_map_nodes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    directed: Mapped[bool] = mapped_column(Boolean, default=False)
    strength: Mapped[int] = mapped_column(Integer, default=1)
    since: Mapped[date | None] = mapped_column(Date)
    source_note: Mapped[str] = mapped_column(String(SOURCE_MAX), default="")
    status: Mapped[str] = mapped_column(String(12), default=CONFIRMED)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    map: Mapped[EcoMap] = relationship(back_populates="edges")
    source: Mapped[Node] = relationship(foreign_keys=[source_id])
    target: Mapped[Node] = relationship(foreign_keys=[target_id])


class Snapshot(db.Model):
    """The map's confirmed network as published on a date, kept as it was."""

    __tablename__ = "lc_map_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("lc_maps.id", ondelete="CASCADE"), index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
